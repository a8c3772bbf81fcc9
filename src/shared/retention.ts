/** Retention and value (PRODUCT §4: CRR, churn, CLV), service ↔ value, customers at risk: API shapes shared by server and web. */
import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date yyyy-MM-dd');

export const CSAT_BANDS = ['low', 'mid', 'high', 'none'] as const; // ≤ 2, 3, ≥ 4, never answered
export const FRT_BANDS = ['lt1h', '1to4h', '4to24h', 'gt24h', 'none'] as const;
export type CsatBand = (typeof CSAT_BANDS)[number];
export type FrtBand = (typeof FRT_BANDS)[number];

export const RetentionFiltersSchema = z.object({
  from: day,
  to: day,
  granularity: z.enum(['day', 'week', 'month']).default('month'),
  /** Channel of acquisition (the channel of the customer's first ticket, else of their first identity). */
  channel: z.string().max(40).optional(),
  /** customers.segment ('' = none). */
  segment: z.string().max(100).optional(),
  /** A saved segment (rules): the figures of its current members only. */
  segmentId: z.uuid().optional(),
});
export type RetentionFilters = z.infer<typeof RetentionFiltersSchema>;

/** The figures of one period. Rates are null when their denominator is 0. */
export const RetentionFiguresSchema = z.object({
  from: day,
  to: day,
  /** Active at the period's start (end of the day before `from`), at its end, new (first net order) during it. */
  start: z.number().int(),
  end: z.number().int(),
  new: z.number().int(),
  /** Of `start`, those who became inactive on some day of the period. */
  churned: z.number().int(),
  crr: z.number().nullable(),
  churnRate: z.number().nullable(),
  /** Net orders and revenue (VND) placed in the period, their mean. */
  orders: z.number().int(),
  revenue: z.number(),
  aov: z.number().nullable(),
  /** To date (as of `to`): customers with a net order, share of them with ≥ 2, and the CLV factors. */
  customers: z.number().int(),
  repeatRate: z.number().nullable(),
  avgOrderValue: z.number().nullable(),
  purchasesPerYear: z.number().nullable(),
  lifespanYears: z.number().nullable(),
  avgClv: z.number().nullable(),
});
export type RetentionFigures = z.infer<typeof RetentionFiguresSchema>;

export const RetentionReportSchema = z.object({
  activityWindowDays: z.number().int(),
  granularity: z.enum(['day', 'week', 'month']),
  current: RetentionFiguresSchema,
  previous: RetentionFiguresSchema,
  series: z.array(RetentionFiguresSchema.extend({ bucket: day })),
  byChannel: z.array(RetentionFiguresSchema.extend({ key: z.string() })),
  bySegment: z.array(RetentionFiguresSchema.extend({ key: z.string() })),
});
export type RetentionReport = z.infer<typeof RetentionReportSchema>;

export const ServiceValueSchema = z.object({
  from: day,
  to: day,
  byCsat: z.array(RetentionFiguresSchema.extend({ key: z.enum(CSAT_BANDS) })),
  byFrt: z.array(RetentionFiguresSchema.extend({ key: z.enum(FRT_BANDS) })),
});
export type ServiceValue = z.infer<typeof ServiceValueSchema>;

export const CustomerValueSchema = z.object({
  customerId: z.uuid(),
  /** Net revenue to date (VND): the customer's CLV. */
  clv: z.number(),
  orders: z.number().int(),
  lostOrders: z.number().int(),
  firstOrderAt: z.string().nullable(),
  lastOrderAt: z.string().nullable(),
  active: z.boolean(),
  activeUntil: z.string().nullable(),
  activityWindowDays: z.number().int(),
});
export type CustomerValue = z.infer<typeof CustomerValueSchema>;

export const AT_RISK_REASONS = ['overdue', 'low_score', 'open_complaint', 'lost_order'] as const;
export type AtRiskReason = (typeof AT_RISK_REASONS)[number];

export const AtRiskQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  reason: z.enum(AT_RISK_REASONS).optional(),
});

export const AtRiskRowSchema = z.object({
  customerId: z.uuid(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  clv: z.number(),
  orders: z.number().int(),
  lastOrderAt: z.string().nullable(),
  /** The customer's usual gap between orders (days; the workspace's median when they have < 2 orders). */
  usualGapDays: z.number().nullable(),
  daysSinceLastOrder: z.number().nullable(),
  lastCsat: z.number().int().nullable(),
  reasons: z.array(z.enum(AT_RISK_REASONS)),
});
export const AtRiskPageSchema = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), rows: z.array(AtRiskRowSchema) });
export type AtRiskPage = z.infer<typeof AtRiskPageSchema>;

export const RetentionSettingsSchema = z.object({ activityWindowDays: z.number().int().min(7).max(3650) });
