import { z } from 'zod';

/**
 * Why a message goes out by ZNS when the conversation window is closed: the survey after a resolved
 * ticket, an order-status notice (the journey issue), a reminder. Each maps to one approved template.
 */
export const ZNS_PURPOSES = ['survey', 'order_status', 'reminder'] as const;
export type ZnsPurpose = (typeof ZNS_PURPOSES)[number];

/**
 * One purpose's template: Zalo's template id and, for each of its parameters (`listParams[].name` of
 * template/info/v2), what fills it — text with variables: {{customer.name}}, {{customer.phone}},
 * {{ticket.number}}, {{ticket.subject}}, {{survey.url}}, {{order.number}}, {{order.status}},
 * {{message.body}}, {{oa.name}}.
 */
export const ZnsTemplateMappingSchema = z.object({
  templateId: z.string().trim().regex(/^\d{1,20}$/, 'A ZNS template id is a number'),
  params: z.record(z.string().trim().min(1).max(100), z.string().max(500)).default({}),
});
export type ZnsTemplateMapping = z.infer<typeof ZnsTemplateMappingSchema>;

/** `config.zns` of a Zalo account: the templates by purpose (the account's settings). */
export const ZnsConfigSchema = z.object({
  templates: z.object(Object.fromEntries(ZNS_PURPOSES.map((p) => [p, ZnsTemplateMappingSchema.optional()])) as Record<ZnsPurpose, z.ZodOptional<typeof ZnsTemplateMappingSchema>>).partial().default({}),
});
export type ZnsConfig = z.infer<typeof ZnsConfigSchema>;

/** The template mapped for a purpose on an account's config (undefined: none, or the config is not valid). */
export function znsTemplateFor(config: Record<string, unknown>, purpose: ZnsPurpose): ZnsTemplateMapping | undefined {
  const parsed = ZnsConfigSchema.safeParse(config.zns ?? {});
  return parsed.success ? parsed.data.templates[purpose] : undefined;
}

/** Whether any ZNS template is mapped on the account (then it can start conversations by phone). */
export function znsConfigured(config: Record<string, unknown>): boolean {
  return ZNS_PURPOSES.some((p) => znsTemplateFor(config, p) !== undefined);
}

/**
 * The purpose a message's meta declares: a survey carries `meta.survey` (surveys/survey-content.ts
 * SurveyMeta); other senders (order notices, reminders) put `meta.purpose`.
 */
export function purposeOf(meta: Record<string, unknown>): ZnsPurpose | undefined {
  if (meta.survey && typeof meta.survey === 'object') return 'survey';
  const p = meta.purpose;
  return typeof p === 'string' && (ZNS_PURPOSES as readonly string[]).includes(p) ? (p as ZnsPurpose) : undefined;
}
