/** Segments: saved rules over profile, orders, tickets, surveys and journey stage; count, preview, CSV. (API shapes shared by server and web.) */
import { z } from 'zod';
import { CHANNELS, LIFECYCLE_STAGES } from './common.js';

/** The journey stages (the journey area derives the same ones; see segments' compile-rule.ts). */
export const JOURNEY_STAGES = ['pre_sale', 'in_sale', 'post_sale'] as const;
export const NPS_CATEGORIES = ['promoter', 'passive', 'detractor'] as const;

const count = z.number().int().min(0).max(1_000_000);
const numberCompare = z.enum(['gte', 'lte', 'eq']);
const days = z.number().int().min(1).max(36_500);

/**
 * One condition. `field` says what it looks at; each kind has only the operators that make sense for it,
 * so a rule that parses always compiles. Values are bound as SQL parameters, never spliced into the text.
 */
export const SegmentConditionSchema = z.discriminatedUnion('field', [
  // Profile
  z.object({ field: z.literal('tag'), op: z.enum(['has', 'not_has']), value: z.string().trim().min(1).max(50) }),
  z.object({
    field: z.literal('attribute'),
    key: z.string().trim().min(1).max(64),
    op: z.enum(['eq', 'neq', 'exists', 'not_exists', 'gte', 'lte']),
    value: z.union([z.string().max(1000), z.number(), z.boolean()]).optional(),
  }),
  z.object({ field: z.literal('lifecycle'), op: z.enum(['in', 'not_in']), values: z.array(z.enum(LIFECYCLE_STAGES)).min(1) }),
  z.object({ field: z.literal('birthday_month'), op: z.literal('in'), values: z.array(z.number().int().min(1).max(12)).min(1).max(12) }),
  z.object({ field: z.literal('preferred_channel'), op: z.enum(['in', 'not_in']), values: z.array(z.enum(CHANNELS)).min(1) }),
  // Orders (kind "order", not draft/quote/cancelled/returned: what the customer really bought)
  z.object({ field: z.literal('order_count'), op: numberCompare, value: count }),
  z.object({ field: z.literal('total_spent'), op: z.enum(['gte', 'lte']), value: z.number().int().min(0).max(1e15) }),
  z.object({ field: z.literal('last_order'), op: z.enum(['within_days', 'before_days', 'never']), days: days.optional() }),
  z.object({ field: z.literal('product'), op: z.enum(['bought', 'not_bought']), skus: z.array(z.string().trim().min(1).max(100)).min(1).max(50) }),
  z.object({ field: z.literal('open_order'), op: z.literal('is'), value: z.boolean() }),
  // Tickets
  z.object({ field: z.literal('ticket_count'), op: numberCompare, value: count, withinDays: days.optional() }),
  z.object({ field: z.literal('open_ticket'), op: z.literal('is'), value: z.boolean() }),
  // Surveys: the latest answer of that type
  z.object({ field: z.literal('last_csat'), op: numberCompare, value: z.number().int().min(1).max(5) }),
  z.object({ field: z.literal('nps_category'), op: z.literal('in'), values: z.array(z.enum(NPS_CATEGORIES)).min(1) }),
  // Journey
  z.object({ field: z.literal('journey_stage'), op: z.literal('in'), values: z.array(z.enum(JOURNEY_STAGES)).min(1) }),
]);

export type SegmentCondition = z.infer<typeof SegmentConditionSchema>;
export type SegmentField = SegmentCondition['field'];
export const SEGMENT_FIELDS = SegmentConditionSchema.options.map((o) => o.shape.field.value) as SegmentField[];

export interface SegmentGroup {
  match: 'all' | 'any';
  rules: (SegmentGroup | SegmentCondition)[];
}

/** Groups nest at most this deep (a rule builder people can read). */
export const SEGMENT_MAX_DEPTH = 4;
export const SEGMENT_MAX_RULES = 50;

export const SegmentGroupSchema: z.ZodType<SegmentGroup> = z.lazy(() =>
  z.object({
    match: z.enum(['all', 'any']),
    rules: z.array(z.union([SegmentGroupSchema, SegmentConditionSchema])).max(SEGMENT_MAX_RULES),
  }),
);

export const isGroup = (r: SegmentGroup | SegmentCondition): r is SegmentGroup => 'match' in r;

export const SegmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  rule: SegmentGroupSchema,
  lastCount: z.number().int().nullable(),
  lastCountedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Segment = z.infer<typeof SegmentSchema>;

/** POST/PATCH body. `rule` is checked by the segments area itself so a bad one answers 400 segment.invalid_rule with a readable message. */
export const SegmentWriteSchema = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(1000).default(''),
  rule: z.unknown(),
});

export const SegmentRuleBodySchema = z.object({ rule: z.unknown() });

export const SegmentCountSchema = z.object({ count: z.number().int(), tookMs: z.number() });

export const SegmentMemberSchema = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  lifecycleStage: z.string(),
  orderCount: z.number().int(),
  totalSpent: z.number(),
  lastOrderAt: z.string().nullable(),
});
export type SegmentMember = z.infer<typeof SegmentMemberSchema>;

export const SegmentPreviewSchema = z.object({ items: z.array(SegmentMemberSchema), count: z.number().int() });
export const SegmentListSchema = z.object({ items: z.array(SegmentSchema) });
