/** The customer journey: stages derived from orders, touchpoints filed under them, the journey map of a period. (API shapes shared by server and web.) */
import { z } from 'zod';

/**
 * PRODUCT §5. pre_sale: a lead (contacts, tickets, quotes, no order in progress or delivered);
 * in_sale: an order or contract in progress (confirmed, paid, shipping; a contract out for signing);
 * post_sale: an order delivered or completed (warranty, surveys, care, repeat). In progress wins over
 * delivered, so a repeat buyer with a new order is in_sale until it arrives.
 */
export const JOURNEY_STAGES = ['pre_sale', 'in_sale', 'post_sale'] as const;
export const JourneyStageSchema = z.enum(JOURNEY_STAGES);
export type JourneyStage = (typeof JOURNEY_STAGES)[number];

/** What a touchpoint is: a message either way, a call, a ticket opened, a survey answer, an order's status change. */
export const TOUCHPOINT_KINDS = ['message', 'call', 'ticket', 'survey', 'order'] as const;
export const TouchpointKindSchema = z.enum(TOUCHPOINT_KINDS);
export type TouchpointKind = (typeof TOUCHPOINT_KINDS)[number];

/** Order events are filed under this channel (an order's own source is in `detail`). */
export const ORDER_CHANNEL = 'order';

export const TouchpointSchema = z.object({
  id: z.string(), // "<kind>:<row id>"
  kind: TouchpointKindSchema,
  at: z.string(),
  stage: JourneyStageSchema,
  channel: z.string(),
  /** message/call: inbound | outbound; others null. */
  direction: z.string().nullable(),
  /** ticket: its subject; order: its code; survey: "<type>:<score>". */
  title: z.string().nullable(),
  /** order: the status it moved to; survey: the comment; message: a preview. */
  detail: z.string().nullable(),
  ticketId: z.string().nullable(),
  ticketNumber: z.number().int().nullable(),
  orderId: z.string().nullable(),
});
export type Touchpoint = z.infer<typeof TouchpointSchema>;

/** A stretch of time the customer spent in one stage (`to` null: still in it). */
export const StageSpanSchema = z.object({ stage: JourneyStageSchema, from: z.string(), to: z.string().nullable() });
export type StageSpan = z.infer<typeof StageSpanSchema>;

/** GET /api/customers/:id/journey */
export const CustomerJourneySchema = z.object({
  customerId: z.string(),
  stage: JourneyStageSchema,
  /** When the current stage began (null: a lead since the profile was made). */
  stageSince: z.string().nullable(),
  /** Oldest first; consecutive spans of one stage are joined. */
  spans: z.array(StageSpanSchema),
  /** Oldest first: the latest `limit` touchpoints (default 200). */
  touchpoints: z.array(TouchpointSchema),
  /** All touchpoints by stage (not only the listed ones). */
  counts: z.record(JourneyStageSchema, z.number().int()),
  /** True when older touchpoints were left out. */
  truncated: z.boolean(),
});
export type CustomerJourney = z.infer<typeof CustomerJourneySchema>;

export const CustomerJourneyQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(200) });

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-MM-dd');

/** GET /api/journey?from&to — days in the workspace's time zone, `to` inclusive. Default: the last 90 days. */
export const JourneyQuerySchema = z.object({
  from: day.optional(),
  to: day.optional(),
  /** A customer whose last order is older than this many days has gone inactive (PRODUCT §4: 365). */
  inactiveDays: z.coerce.number().int().min(7).max(3650).default(365),
});
export type JourneyQuery = z.infer<typeof JourneyQuerySchema>;

/** Where a customer starts in the flow: their stage at the period's start, or 'new' when their profile was made during it. */
export const FLOW_STARTS = ['new', ...JOURNEY_STAGES] as const;
export const FlowStartSchema = z.enum(FLOW_STARTS);

/** The service a group of customers got before their drop-off moment (tickets and surveys up to then). */
export const ServiceFiguresSchema = z.object({
  customers: z.number().int(),
  /** Tickets they opened before the moment. */
  tickets: z.number().int(),
  /** Median wall-clock minutes from first customer message to first agent reply (null: none replied). */
  frtMedianMinutes: z.number().nullable(),
  /** CSAT (PRODUCT §4): % of CSAT answers scoring 4–5; null without answers. */
  csatPercent: z.number().nullable(),
  csatAnswers: z.number().int(),
  /** Tickets still open at the moment. */
  unresolvedTickets: z.number().int(),
});
export type ServiceFigures = z.infer<typeof ServiceFiguresSchema>;

export const DROP_OFFS = ['lead_never_ordered', 'order_cancelled', 'order_returned', 'went_inactive'] as const;
export const DropOffKindSchema = z.enum(DROP_OFFS);
export type DropOffKind = (typeof DROP_OFFS)[number];

export const JourneyReportSchema = z.object({
  /** ISO instants of the period: [from, to). */
  from: z.string(),
  to: z.string(),
  inactiveDays: z.number().int(),
  /** Live customers (profile made before the period's end) by their stage at its end. */
  stages: z.record(JourneyStageSchema, z.number().int()),
  /** Stage at the period's start → stage at its end, with how many customers took that way. */
  flows: z.array(z.object({ from: FlowStartSchema, to: JourneyStageSchema, customers: z.number().int() })),
  /** Touchpoints during the period by the stage the customer was in then, and channel. */
  touchpoints: z.array(z.object({ stage: JourneyStageSchema, channel: z.string(), count: z.number().int() })),
  /**
   * Where customers left the journey during the period, each with the service before it.
   * lead_never_ordered: leads in touch during the period with no order by its end (moment: the end);
   * order_cancelled / order_returned: orders that moved there during it (moment: that change; `orders` counts them);
   * went_inactive: customers whose last order passed `inactiveDays` during it (moment: that day).
   */
  dropOffs: z.array(z.object({ kind: DropOffKindSchema, orders: z.number().int().nullable(), service: ServiceFiguresSchema })),
  /** The same figures for customers who stayed (in or after a sale at the end, no drop-off): the comparison. */
  retained: ServiceFiguresSchema,
});
export type JourneyReport = z.infer<typeof JourneyReportSchema>;
