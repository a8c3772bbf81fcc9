/**
 * The workflow actions' allow-list (DESIGN rule 5): for each action type the zod schema of its config.
 * The engine validates an action node's config against it; the canvas builds the node's form from
 * z.toJSONSchema(schema), taking each field's description as its i18n key (namespace `workflows`).
 * Ids (users, teams, survey templates, canned replies) are the workspace's own; the action checks them
 * when it runs and fails with a stable error id when one is gone.
 */
import { z } from 'zod';
import { ChannelSchema, LIFECYCLE_STAGES, PRIORITIES, TICKET_STATUSES } from './common.js';

const d = (key: string) => `actions.field.${key}`;
const id = z.string().min(1).max(64);
const tag = z.string().trim().min(1).max(50);
/** A text an action writes (a note, a message): {{customer.first_name}}-style variables are filled when it runs. */
const text = (max: number) => z.string().trim().min(1).max(max);

export const AssignConfigSchema = z.object({
  /** user: that person; team: route to the team (its auto-assignment applies); round_robin / least_busy: a member of the team. */
  mode: z.enum(['user', 'team', 'round_robin', 'least_busy']).describe(d('assignMode')),
  userId: id.optional().describe(d('userId')),
  /** For team, round_robin, least_busy: the team (default the ticket's own team). */
  teamId: id.optional().describe(d('teamId')),
});

export const SetStatusConfigSchema = z.object({ status: z.enum(TICKET_STATUSES).describe(d('status')) });

/** A fixed priority, or one step up / down from the ticket's own (escalation: "raise"). */
export const SetPriorityConfigSchema = z.object({
  priority: z.enum([...PRIORITIES, 'raise', 'lower']).describe(d('priority')),
});

export const SetCategoryConfigSchema = z.object({ category: z.string().trim().max(100).nullable().describe(d('category')) });

/** A ticket field by name (the ticket has no free custom fields: customer attributes are the custom fields). */
export const SetTicketFieldConfigSchema = z.object({
  field: z.enum(['subject', 'category']).describe(d('ticketField')),
  value: z.string().trim().max(300).describe(d('value')),
});

export const TagConfigSchema = z.object({
  target: z.enum(['ticket', 'customer']).default('ticket').describe(d('tagTarget')),
  tag: tag.describe(d('tag')),
});

export const AddNoteConfigSchema = z.object({ body: text(5000).describe(d('noteBody')) });

/**
 * A message to the customer on the conversation's channel. The text is either written here or a canned
 * reply's; variables are filled. When the channel cannot send now (its reply window is closed, no
 * sender), the fallback decides: another channel the customer can be reached on (email…), or skip.
 */
export const SendMessageConfigSchema = z.object({
  body: text(5000).optional().describe(d('messageBody')),
  cannedReplyId: id.optional().describe(d('cannedReplyId')),
  /** The channel to send on instead of the conversation's ('preferred': the customer's preferred channel); default the conversation's. */
  channel: z.enum([...ChannelSchema.options, 'preferred']).optional().describe(d('channel')),
  fallback: z.enum(['any', 'none']).default('any').describe(d('fallback')),
});

/**
 * The usage guides of the run's order (the trigger's, else the customer's latest delivered one): the
 * published articles that match its products — tagged with a product's SKU, with a phrase of its name,
 * or filed under a category named in it — sent as one message with their help-centre links, on the
 * customer's channel like send_message (its reply window and fallback). No matching article: nothing sent.
 */
export const SendUsageGuideConfigSchema = z.object({
  maxArticles: z.number().int().min(1).max(5).default(2).describe(d('maxArticles')),
  /** Only articles that also carry this tag (e.g. "hướng dẫn sử dụng"); empty: any matching article. */
  requireTag: tag.optional().describe(d('requireTag')),
  /** The opening line (variables filled); empty: a default in the articles' language. */
  intro: text(1000).optional().describe(d('guideIntro')),
  channel: z.enum([...ChannelSchema.options, 'preferred']).optional().describe(d('channel')),
  fallback: z.enum(['any', 'none']).default('any').describe(d('fallback')),
});

export const SendSurveyConfigSchema = z.object({
  /** A survey template, or the workspace's first enabled one of this type. */
  templateId: id.optional().describe(d('surveyTemplateId')),
  surveyType: z.enum(['csat', 'nps', 'ces']).default('csat').describe(d('surveyType')),
});

/** A new ticket for the customer (a follow-up task: about the run's ticket, tagged, assigned). */
export const CreateTicketConfigSchema = z.object({
  kind: z.enum(['ticket', 'follow_up']).default('follow_up').describe(d('ticketKind')),
  subject: text(300).describe(d('subject')),
  priority: z.enum(PRIORITIES).default('normal').describe(d('priority')),
  teamId: id.optional().describe(d('teamId')),
  /** A user, or the leader of the team (the first supervisor among its members). */
  assignTo: z.enum(['nobody', 'user', 'team_lead', 'same_assignee']).default('nobody').describe(d('assignTo')),
  userId: id.optional().describe(d('userId')),
  note: text(5000).optional().describe(d('noteBody')),
  tags: z.array(tag).max(10).default([]).describe(d('tags')),
});

/** Tells people: in the app (a notification) and, when asked, by email through the workspace's mailbox. */
export const NotifyConfigSchema = z.object({
  /** assignee: the ticket's; team_lead: supervisors of the ticket's team (else all supervisors); supervisors: every supervisor and admin. */
  to: z.enum(['assignee', 'team_lead', 'supervisors', 'user']).describe(d('notifyTo')),
  userId: id.optional().describe(d('userId')),
  message: text(1000).describe(d('notifyMessage')),
  email: z.boolean().default(false).describe(d('notifyEmail')),
  /** sla: an SLA alert about the ticket (kind sla_at_risk, with its next due time). */
  about: z.enum(['ticket', 'sla']).default('ticket').describe(d('notifyAbout')),
});

/** A signed POST (HMAC-SHA256 over "<timestamp>.<raw body>") of the run's subject and event, retried with back-off. */
export const CallWebhookConfigSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2000).describe(d('webhookUrl')),
  /** The signing secret; empty: the body is sent unsigned. */
  secret: z.string().max(200).optional().describe(d('webhookSecret')),
});

export const SetCustomerAttributeConfigSchema = z.object({
  key: z.string().trim().min(1).max(64).describe(d('attributeKey')),
  value: z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]).describe(d('value')),
});

export const SetLifecycleStageConfigSchema = z.object({ stage: z.enum(LIFECYCLE_STAGES).describe(d('lifecycleStage')) });

/** The catalogue: action type → config schema. The engine refuses any other type. */
export const WORKFLOW_ACTIONS = {
  assign: AssignConfigSchema,
  set_status: SetStatusConfigSchema,
  set_priority: SetPriorityConfigSchema,
  set_category: SetCategoryConfigSchema,
  set_ticket_field: SetTicketFieldConfigSchema,
  add_tag: TagConfigSchema,
  remove_tag: TagConfigSchema,
  add_note: AddNoteConfigSchema,
  send_message: SendMessageConfigSchema,
  send_survey: SendSurveyConfigSchema,
  send_usage_guide: SendUsageGuideConfigSchema,
  create_ticket: CreateTicketConfigSchema,
  notify: NotifyConfigSchema,
  call_webhook: CallWebhookConfigSchema,
  set_customer_attribute: SetCustomerAttributeConfigSchema,
  set_lifecycle_stage: SetLifecycleStageConfigSchema,
} as const;

export type WorkflowActionType = keyof typeof WORKFLOW_ACTIONS;
export const WORKFLOW_ACTION_TYPES = Object.keys(WORKFLOW_ACTIONS) as WorkflowActionType[];
export type ActionConfig<T extends WorkflowActionType> = z.infer<(typeof WORKFLOW_ACTIONS)[T]>;

/** What each action needs from the run's subject: the canvas warns when the trigger cannot give it. */
export const ACTION_NEEDS: Record<WorkflowActionType, 'ticket' | 'customer' | 'none'> = {
  assign: 'ticket',
  set_status: 'ticket',
  set_priority: 'ticket',
  set_category: 'ticket',
  set_ticket_field: 'ticket',
  add_tag: 'ticket',
  remove_tag: 'ticket',
  add_note: 'ticket',
  send_message: 'customer',
  send_survey: 'customer',
  send_usage_guide: 'customer',
  create_ticket: 'customer',
  notify: 'none',
  call_webhook: 'none',
  set_customer_attribute: 'customer',
  set_lifecycle_stage: 'customer',
};

/** What an action node needs given its config: tags on a customer need a customer, not a ticket. */
export function actionNeeds(type: WorkflowActionType, config: Record<string, unknown> = {}): 'ticket' | 'customer' | 'none' {
  if ((type === 'add_tag' || type === 'remove_tag') && config.target === 'customer') return 'customer';
  return ACTION_NEEDS[type];
}

export const isWorkflowActionType = (t: string): t is WorkflowActionType => Object.hasOwn(WORKFLOW_ACTIONS, t);

/** Checks an action node's config: the parsed config, or the zod issues (the engine's validator reports them per node). */
export function parseActionConfig(type: string, config: unknown): { ok: true; config: Record<string, unknown> } | { ok: false; issues: z.core.$ZodIssue[] } {
  if (!isWorkflowActionType(type)) return { ok: false, issues: [{ code: 'custom', path: ['type'], message: `Unknown action ${type}`, input: type } as z.core.$ZodIssue] };
  const r = (WORKFLOW_ACTIONS[type] as z.ZodType).safeParse(config ?? {});
  return r.success ? { ok: true, config: r.data as Record<string, unknown> } : { ok: false, issues: r.error.issues };
}

/** The config must name what its mode needs (a user for mode user …): checked beyond the shape. */
export function actionConfigProblems(type: WorkflowActionType, config: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (type === 'assign' && config.mode === 'user' && !config.userId) out.push('userId');
  if (type === 'send_message' && !config.body && !config.cannedReplyId) out.push('body');
  if (type === 'create_ticket' && config.assignTo === 'user' && !config.userId) out.push('userId');
  if (type === 'notify' && config.to === 'user' && !config.userId) out.push('userId');
  return out;
}
