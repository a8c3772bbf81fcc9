import { z } from 'zod';

/**
 * The measures of PRODUCT.md §4 the metrics engine computes (CRR, churn and CLV come with orders).
 * unit: what `value` is; better: which direction is good (for arrows, colours and early warnings).
 */
export const MEASURE_DEFS = {
  csat: { unit: 'percent', better: 'higher' },            // share of CSAT answers 4–5; mean score in `mean`
  nps: { unit: 'score', better: 'higher' },               // % promoters − % detractors (−100…100)
  ces: { unit: 'score', better: 'higher' },               // mean 1–7
  frt: { unit: 'seconds', better: 'lower' },              // first response time, wall clock (mean; median/p90 too)
  frt_business: { unit: 'seconds', better: 'lower' },     // the same in business hours
  response_time: { unit: 'seconds', better: 'lower' },    // mean of every customer message → next agent reply
  resolution_time: { unit: 'seconds', better: 'lower' },  // created → resolved
  aht_call: { unit: 'seconds', better: 'lower' },         // talk + wrap-up per answered call
  aht_chat: { unit: 'seconds', better: 'lower' },         // agent join → chat end
  fcr: { unit: 'percent', better: 'higher' },             // resolved with one agent reply, not reopened within 7 days
  abandoned_call: { unit: 'percent', better: 'lower' },
  abandoned_chat: { unit: 'percent', better: 'lower' },
  sla_first_response: { unit: 'percent', better: 'higher' },
  sla_resolution: { unit: 'percent', better: 'higher' },
  reopen_rate: { unit: 'percent', better: 'lower' },
  volume: { unit: 'count', better: 'neutral' },           // tickets created
  backlog: { unit: 'count', better: 'lower' },            // open tickets (at the period's end)
} as const;
export type MeasureKey = keyof typeof MEASURE_DEFS;
export const MEASURES = Object.keys(MEASURE_DEFS) as MeasureKey[];
export const MeasureKeySchema = z.enum(MEASURES as [MeasureKey, ...MeasureKey[]]);

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export const GranularitySchema = z.enum(GRANULARITIES);
export const DIMENSIONS = ['channel', 'team', 'agent', 'category', 'priority', 'tag'] as const;
export const DimensionSchema = z.enum(DIMENSIONS);

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date yyyy-MM-dd');

/** Filters shared by every metrics endpoint: a period of calendar days in the workspace time zone (to inclusive). */
export const MetricFiltersSchema = z.object({
  from: day,
  to: day,
  channel: z.string().max(40).optional(),
  teamId: z.uuid().optional(),
  agentId: z.uuid().optional(),
  category: z.string().max(100).optional(),
  priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
  tag: z.string().max(100).optional(),
  /** A saved segment (rules): the measures of its current members' tickets, answers, calls and chats. */
  segmentId: z.uuid().optional(),
});
export type MetricFilters = z.infer<typeof MetricFiltersSchema>;

/** One figure with its sample: value is null when there is no data (n = 0). */
export const MeasureValueSchema = z.object({
  value: z.number().nullable(),
  n: z.number().int(),
  mean: z.number().nullable().optional(),
  median: z.number().nullable().optional(),
  p90: z.number().nullable().optional(),
});
export type MeasureValue = z.infer<typeof MeasureValueSchema>;

/**
 * One time bucket of a series: value null and n 0 for a bucket without data (a gap, never zero).
 * Rates (CSAT, FCR, SLA, abandoned, reopen) also carry their 95 % Wilson interval in percent.
 */
export const SeriesPointSchema = z.object({
  bucket: day,
  value: z.number().nullable(),
  n: z.number().int(),
  low: z.number().nullable().optional(),
  high: z.number().nullable().optional(),
});
export type SeriesPoint = z.infer<typeof SeriesPointSchema>;

/** The overview's granularity: chosen by the caller, or 'auto' (weeks when days are too sparse to read). */
export const OverviewGranularitySchema = z.enum(['auto', ...GRANULARITIES]);

/** GET /api/metrics/overview — KPI cards: each measure now and in the previous period of the same length, with a series. */
export const OverviewSchema = z.object({
  from: day,
  to: day,
  previousFrom: day,
  previousTo: day,
  granularity: GranularitySchema,
  kpis: z.array(z.object({ measure: MeasureKeySchema, current: MeasureValueSchema, previous: MeasureValueSchema, series: z.array(SeriesPointSchema) })),
});
export type Overview = z.infer<typeof OverviewSchema>;

/** GET /api/metrics/measures/:measure?by=… — a breakdown table (by a dimension or by time buckets). */
export const BreakdownSchema = z.object({
  measure: MeasureKeySchema,
  by: z.union([DimensionSchema, GranularitySchema]),
  rows: z.array(z.object({ key: z.string(), label: z.string(), current: MeasureValueSchema, previous: MeasureValueSchema })),
});
export type Breakdown = z.infer<typeof BreakdownSchema>;

/** GET /api/metrics/agents/:id/scorecard — what a supervisor coaches with. */
export const ScorecardSchema = z.object({
  agent: z.object({ id: z.string(), name: z.string() }),
  from: day,
  to: day,
  measures: z.array(
    z.object({
      measure: z.enum(['volume', 'frt', 'resolution_time', 'csat', 'fcr', 'reopen_rate']),
      current: MeasureValueSchema,
      previous: MeasureValueSchema,
      /** The same measure for the whole team/workspace in the period, to compare against. */
      workspace: MeasureValueSchema,
      series: z.array(SeriesPointSchema),
    }),
  ),
});
export type Scorecard = z.infer<typeof ScorecardSchema>;

/** GET /api/metrics/live — the live view. */
export const LiveViewSchema = z.object({
  openTickets: z.number().int(),
  unassigned: z.number().int(),
  waiting: z.array(
    z.object({ ticketId: z.string(), number: z.number().int(), customerName: z.string(), channel: z.string(), waitingSince: z.string() }),
  ),
  agents: z.array(z.object({ id: z.string(), name: z.string(), online: z.boolean(), openAssigned: z.number().int() })),
  updatedAt: z.string(),
});
export type LiveView = z.infer<typeof LiveViewSchema>;

export const ALERT_SCOPES = ['workspace', 'channel', 'team', 'agent'] as const;

/** An early-warning alert with its evidence. */
export const AlertSchema = z.object({
  id: z.string(),
  measure: MeasureKeySchema,
  scope: z.object({ kind: z.enum(ALERT_SCOPES), id: z.string().nullable(), label: z.string() }),
  status: z.enum(['open', 'acknowledged', 'resolved']),
  evidence: z.object({
    test: z.string(),
    recent: z.object({ from: z.string(), to: z.string(), value: z.number().nullable(), n: z.number().int() }),
    baseline: z.object({ from: z.string(), to: z.string(), value: z.number().nullable(), n: z.number().int() }),
    statistic: z.number().nullable(),
    pValue: z.number().nullable(),
    summary: z.string(),
  }),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  acknowledgedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type AlertDto = z.infer<typeof AlertSchema>;

/**
 * GET /api/alerts/checks — why early warning says what it says: every watched measure of the whole
 * workspace in the last pass's windows, with its test's result. verdict: 'alarm' (significant and large
 * enough), 'not_significant' (worse, but p after correction above α: could be chance), 'too_small'
 * (significant but below the practical minimum), 'not_worse', 'too_few' (under minSamples on a side:
 * not tested), 'no_data'.
 */
export const AlertCheckSchema = z.object({
  measure: MeasureKeySchema,
  verdict: z.enum(['alarm', 'not_significant', 'too_small', 'not_worse', 'too_few', 'no_data']),
  test: z.string().nullable(),
  recent: z.object({ from: z.string(), to: z.string(), value: z.number().nullable(), n: z.number().int() }),
  baseline: z.object({ from: z.string(), to: z.string(), value: z.number().nullable(), n: z.number().int() }),
  pValue: z.number().nullable(),
  adjustedP: z.number().nullable(),
  /** How much worse, in the unit of minEffect (percentage points, NPS points, or A for times and CES). */
  effect: z.number(),
  minEffect: z.number(),
  alpha: z.number(),
  minSamples: z.number().int(),
  summary: z.string(),
});
export type AlertCheck = z.infer<typeof AlertCheckSchema>;

/** The measures of the team leaderboard, in column order. */
export const LEADERBOARD_MEASURES = ['volume', 'frt', 'resolution_time', 'csat', 'fcr', 'reopen_rate'] as const;

/** GET /api/metrics/leaderboard — every active agent side by side for the period (the scorecards' measures). */
export const LeaderboardSchema = z.object({
  from: day,
  to: day,
  agents: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      measures: z.record(z.enum(LEADERBOARD_MEASURES), MeasureValueSchema),
    }),
  ),
  /** The whole workspace's figures, the row to compare against. */
  workspace: z.record(z.enum(LEADERBOARD_MEASURES), MeasureValueSchema),
});
export type Leaderboard = z.infer<typeof LeaderboardSchema>;
