/** Tickets: inbox, detail, messages, attachments, merge, the inbound API, canned replies, realtime. (API shapes shared by server and web.) */
import { z } from 'zod';
import { DeliveryFailureSchema } from './channels.js';
import { ActorRefSchema, ChannelSchema, IdentityKindSchema, NamedRefSchema, PRIORITIES, PrioritySchema, TICKET_STATUSES, TicketStatusSchema } from './common.js';
import { SENTIMENTS, SentimentSchema } from './ai.js';

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound', 'note'] as const;

export const MessageDirectionSchema = z.enum(MESSAGE_DIRECTIONS);

export const ContentTypeSchema = z.enum(['text', 'html']);

/** One SLA target: breached = met late or not met and past due; atRisk = open with ≤ 20 % of its business minutes left. */
export const SlaTargetSchema = z.object({
  dueAt: z.string().nullable(),
  metAt: z.string().nullable(),
  breached: z.boolean(),
  atRisk: z.boolean(),
});

export const TicketSlaSchema = z.object({ firstResponse: SlaTargetSchema, resolution: SlaTargetSchema });

export type TicketSla = z.infer<typeof TicketSlaSchema>;

/** A row of the inbox (GET /api/tickets). */
export const TicketListItemSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  subject: z.string(),
  status: TicketStatusSchema,
  priority: PrioritySchema,
  channel: z.string(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  customer: z.object({ id: z.string(), name: z.string(), phone: z.string().nullable(), email: z.string().nullable() }),
  assignee: NamedRefSchema.nullable(),
  team: NamedRefSchema.nullable(),
  lastMessagePreview: z.string(),
  lastMessageAt: z.string(),
  /** When the customer last wrote: newer than the last agent reply means "waiting for us". */
  lastCustomerMessageAt: z.string().nullable(),
  firstResponseAt: z.string().nullable(),
  messageCount: z.number().int(),
  createdAt: z.string(),
  sla: TicketSlaSchema,
  /** The order the ticket is about (an agent links it: PUT /api/tickets/:id/order). */
  orderId: z.string().nullable(),
  /** The AI's reading of the customer's latest message (inbox rows only; null: not read yet). */
  latestSentiment: SentimentSchema.nullable().optional(),
});

export type TicketListItem = z.infer<typeof TicketListItemSchema>;

export const InboxPageSchema = z.object({ items: z.array(TicketListItemSchema), nextCursor: z.string().nullable() });

export type InboxPage = z.infer<typeof InboxPageSchema>;

/** Query-string lists arrive as "a,b" or as a repeated key (?status=a&status=b); an empty value means "not given". */
const queryList = (inner: z.ZodType<string>) =>
  z.preprocess((v) => (Array.isArray(v) ? v.join(',') : v === '' ? undefined : v), inner.optional());

const queryId = z.preprocess((v) => (v === '' ? undefined : v), z.uuid().optional());

export const INBOX_SORTS = ['last_message', 'created', 'priority', 'sla_due'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];
export const INBOX_SLA_STATES = ['at_risk', 'breached', 'ok'] as const;
export type InboxSlaState = (typeof INBOX_SLA_STATES)[number];

/** GET /api/tickets query. status: "open" (default; not resolved/closed), "all", or a comma list of statuses. */
export const InboxQuerySchema = z.object({
  view: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['mine', 'unassigned', 'all']).default('all')),
  status: queryList(
    z
      .string()
      .trim()
      .refine((s) => s === 'open' || s === 'all' || s.split(',').every((x) => (TICKET_STATUSES as readonly string[]).includes(x.trim())), 'Use open, all, or statuses separated by commas'),
  ).transform((s) => s ?? 'open'),
  teamId: queryId,
  assigneeId: queryId,
  customerId: queryId,
  priority: queryList(
    z
      .string()
      .trim()
      .refine((s) => s.split(',').every((x) => (PRIORITIES as readonly string[]).includes(x.trim())), 'Use priorities separated by commas'),
  ),
  channel: queryList(z.string().trim().max(200)),
  /** Tickets carrying this tag. */
  tag: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(1).max(50).optional()),
  /** SLA state: breached (a target missed), at_risk (≤ 20 % of a target's business minutes left), ok (neither). */
  sla: z.preprocess((v) => (v === '' ? undefined : v), z.enum(INBOX_SLA_STATES).optional()),
  /** Order: latest activity (default), newest created, highest priority, or the soonest SLA due time first. */
  sort: z.preprocess((v) => (v === '' ? undefined : v), z.enum(INBOX_SORTS).default('last_message')),
  q: z.string().trim().max(200).optional(),
  /** Tickets about an order: any linked order, or one still open (shared/orders.ts OPEN_ORDER_STATUSES). */
  aboutOrder: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['open', 'any']).optional()),
  /** Sentiment of the customer's latest message as the AI read it (comma list; "negative" finds upset customers). */
  sentiment: queryList(
    z
      .string()
      .trim()
      .refine((s) => s.split(',').every((x) => (SENTIMENTS as readonly string[]).includes(x.trim())), 'Use negative, neutral or positive, separated by commas'),
  ),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export type InboxQuery = z.infer<typeof InboxQuerySchema>;

/**
 * One step of the 5-step process, from the ticket's events: when it was last reached and by whom.
 * The statuses in order, then 'rated' (PRODUCT §2 "Đánh giá") once the customer has answered a
 * survey about the ticket (not a status: it is listed only when reached).
 */
export const TicketStepSchema = z.object({
  step: z.union([TicketStatusSchema, z.literal('rated')]),
  reached: z.boolean(),
  at: z.string().nullable(),
  by: ActorRefSchema.nullable(),
});

export const TicketActivitySchema = z.object({
  id: z.string(),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  at: z.string(),
  by: ActorRefSchema,
});

export const TicketDetailSchema = TicketListItemSchema.extend({
  customer: z.object({
    id: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    tags: z.array(z.string()),
    lifecycleStage: z.string(),
    segment: z.string().nullable(),
  }),
  firstMessageAt: z.string(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  reopenCount: z.number().int(),
  mergedIntoId: z.string().nullable(),
  updatedAt: z.string(),
  progress: z.array(TicketStepSchema),
  /** The ticket's latest events (newest last, at most 200). */
  activity: z.array(TicketActivitySchema),
});

export type TicketDetail = z.infer<typeof TicketDetailSchema>;

/** Attachment as sent in JSON: base64 content, ≤ 5 MB decoded (413 attachment.too_large), ≤ 10 per message. */
export const AttachmentUploadSchema = z.object({
  filename: z.string().trim().min(1).max(255),
  contentType: z
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,126}\/[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,126}$/, 'Use a MIME type such as image/png'),
  dataBase64: z.string().max(8 * 1024 * 1024),
});

export const AttachmentMetaSchema = z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number().int() });

export const DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'seen', 'failed'] as const;

export const DeliveryStatusSchema = z.enum(DELIVERY_STATUSES);

export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

/** Channel-specific parts of a message that the thread view may show; every key optional. */
export const MessageDetailsSchema = z.object({
  subject: z.string().optional(),
  from: z.string().optional(),
  to: z.array(z.string()).optional(),
  cc: z.array(z.string()).optional(),
  /** Quoted history and signature folded away from the body (the original is kept here). */
  quoted: z.string().optional(),
  /** The sanitised HTML of an email, when it had one. */
  html: z.string().optional(),
  /** Auto-reply / bounce classification of an inbound email. */
  auto: z.string().optional(),
  /** Written by the AI agent: the label it went out under and, on channels without a badge, the prefix the text begins with. */
  ai: z.object({ label: z.string(), prefix: z.string().nullable() }).optional(),
  /** Sent by the system (a survey, an automation), not typed by an agent. */
  automated: z.boolean().optional(),
  /** The survey this message carried (never its answer link: that is the customer's credential). */
  survey: z.object({ requestId: z.string(), type: z.enum(['csat', 'nps', 'ces', 'custom']) }).optional(),
  /** A phone call shown as an entry of the thread (channels/phone). */
  call: z
    .object({
      callId: z.string(),
      direction: z.enum(['inbound', 'outbound']),
      status: z.enum(['ringing', 'answered', 'ended', 'missed']),
      from: z.string().nullable(),
      to: z.string().nullable(),
      agentName: z.string().nullable(),
      waitSeconds: z.number().nullable(),
      talkSeconds: z.number().nullable(),
      wrapUpSeconds: z.number().nullable(),
      recordingUrl: z.string().nullable(),
      startedAt: z.string().nullable(),
      endedAt: z.string().nullable(),
      loggedByHand: z.boolean(),
    })
    .optional(),
});

export type MessageDetails = z.infer<typeof MessageDetailsSchema>;

export const MessageSchema = z.object({
  id: z.string(),
  ticketId: z.string(),
  customerId: z.string(),
  direction: MessageDirectionSchema,
  channel: z.string(),
  author: NamedRefSchema.nullable(),
  body: z.string(),
  /** 'html' bodies are returned as sent; the web app sanitises before rendering. */
  contentType: ContentTypeSchema,
  externalId: z.string().nullable(),
  attachments: z.array(AttachmentMetaSchema),
  /** Outbound messages on channels that send: queued → sent → delivered, or failed (with deliveryError). */
  deliveryStatus: DeliveryStatusSchema.nullable(),
  /** Technical detail of the last delivery problem (an SMTP server's words); show deliveryFailure's text to people. */
  deliveryError: z.string().nullable(),
  /** Why the delivery failed (or is being retried), as a stable code the web app translates. */
  deliveryFailure: DeliveryFailureSchema.nullable(),
  deliveryAttempts: z.number().int(),
  /** Channel details for the thread view (email subject/from/to/cc, the folded quote …); keys listed by the presenter. */
  details: MessageDetailsSchema,
  createdAt: z.string(),
});

export type Message = z.infer<typeof MessageSchema>;

export const TicketCreateSchema = z.object({
  customerId: z.uuid(),
  subject: z.string().trim().min(1).max(300),
  channel: ChannelSchema.default('manual'),
  priority: PrioritySchema.default('normal'),
  category: z.string().trim().max(100).nullable().optional(),
  teamId: z.uuid().nullable().optional(),
  assigneeId: z.uuid().nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
  /** kind 'inbound' records what the customer said (a call, a walk-in); 'reply' and 'note' are the agent's. */
  firstMessage: z
    .object({
      kind: z.enum(['inbound', 'reply', 'note']),
      body: z.string().min(1).max(100_000),
      contentType: ContentTypeSchema.default('text'),
      attachments: z.array(AttachmentUploadSchema).max(10).optional(),
    })
    .optional(),
});

export type TicketCreate = z.infer<typeof TicketCreateSchema>;

export const TicketPatchSchema = z
  .object({
    status: TicketStatusSchema,
    priority: PrioritySchema,
    category: z.string().trim().max(100).nullable(),
    teamId: z.uuid().nullable(),
    assigneeId: z.uuid().nullable(),
    tags: z.array(z.string().trim().min(1).max(50)).max(50),
    subject: z.string().trim().min(1).max(300),
  })
  .partial()
  .strict();

export type TicketPatch = z.infer<typeof TicketPatchSchema>;

export const TicketAssignSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('round_robin'), teamId: z.uuid().optional() }),
  z.object({ mode: z.literal('user'), assigneeId: z.uuid().nullable() }),
]);

export const TicketMergeSchema = z.object({ intoTicketId: z.uuid() });

export const MessageCreateSchema = z.object({
  body: z.string().min(1).max(100_000),
  kind: z.enum(['reply', 'note']),
  contentType: ContentTypeSchema.default('text'),
  attachments: z.array(AttachmentUploadSchema).max(10).optional(),
  /** Fill canned-reply variables ({{customer.first_name}} …) at send time. */
  renderVariables: z.boolean().default(false),
});

export type MessageCreate = z.infer<typeof MessageCreateSchema>;

/** POST /api/inbound/messages: one message from a channel; idempotent on (channel, externalId). */
export const InboundMessageSchema = z.object({
  channel: ChannelSchema,
  externalId: z.string().trim().min(1).max(300),
  from: z.object({ kind: IdentityKindSchema, value: z.string().trim().min(1).max(300), name: z.string().trim().max(200).optional() }),
  extraIdentities: z.array(z.object({ kind: IdentityKindSchema, value: z.string().trim().min(1).max(300) })).max(10).optional(),
  subject: z.string().trim().max(300).optional(),
  body: z.string().max(100_000),
  contentType: ContentTypeSchema.default('text'),
  attachments: z.array(AttachmentUploadSchema).max(10).optional(),
  sentAt: z.iso.datetime({ offset: true }).optional(),
});

export type InboundMessage = z.infer<typeof InboundMessageSchema>;

export const InboundResultSchema = z.object({
  messageId: z.string(),
  ticketId: z.string(),
  customerId: z.string(),
  duplicate: z.boolean(),
});

/** Items per POST /api/inbound/messages:batch. */
export const INBOUND_BATCH_MAX_ITEMS = 500;

export const InboundBatchSchema = z.object({
  items: z
    .array(z.unknown())
    .min(1)
    .max(INBOUND_BATCH_MAX_ITEMS)
    .describe('Each item is an inbound message exactly as the body of POST /api/inbound/messages; each is checked and filed on its own'),
});

export const InboundBatchItemResultSchema = z.object({
  /** The item's position in `items`. */
  index: z.number().int(),
  /** What the single endpoint would have answered: 201 filed, 200 a repeated delivery, 4xx refused, 500 failed. */
  status: z.number().int(),
  messageId: z.string().optional(),
  ticketId: z.string().optional(),
  customerId: z.string().optional(),
  duplicate: z.boolean().optional(),
  error: z.object({ id: z.string(), message: z.string(), details: z.unknown().optional() }).optional(),
});

export const InboundBatchResultSchema = z.object({
  results: z.array(InboundBatchItemResultSchema),
  created: z.number().int(),
  duplicates: z.number().int(),
  failed: z.number().int(),
});

export const CannedReplySchema = z.object({
  id: z.string(),
  shortcut: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: z.string(),
});

export type CannedReply = z.infer<typeof CannedReplySchema>;

/** Shortcut as typed after "/" in the composer: letters, digits, "-" and "_" (unique per workspace, 409 otherwise). */
export const CannedReplyCreateSchema = z.object({
  shortcut: z
    .string()
    .trim()
    .transform((s) => s.replace(/^\//, ''))
    .pipe(z.string().regex(/^[\p{L}\p{N}_-]{1,40}$/u, 'Use 1–40 letters, digits, - or _')),
  title: z.string().trim().min(1).max(200),
  body: z.string().min(1).max(20_000),
});

export const CannedReplyPatchSchema = CannedReplyCreateSchema.partial();

export const CannedReplyRenderSchema = z.object({ ticketId: z.uuid() });

export const CannedReplyRenderResultSchema = z.object({ text: z.string(), unknownVariables: z.array(z.string()) });

/** Client → server messages on GET /api/ws. Topics: "inbox", "ticket:<id>", "customer:<id>". */
export const RealtimeClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), topics: z.array(z.string().max(100)).max(200) }),
  z.object({ type: z.literal('unsubscribe'), topics: z.array(z.string().max(100)).max(200) }),
]);
