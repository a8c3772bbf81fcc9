import { z } from 'zod';

/**
 * API shapes shared by the server (response schemas, OpenAPI) and the web app (types).
 * No Node or DOM imports here.
 */
export const ErrorSchema = z.object({
  error: z.object({ id: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const RoleSchema = z.enum(['admin', 'supervisor', 'agent']);
export type Role = z.infer<typeof RoleSchema>;

export const UserSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  active: z.boolean(),
  available: z.boolean(),
  locale: z.string(),
  createdAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const TICKET_STATUSES = ['received', 'verified', 'routed', 'responded', 'resolved', 'closed'] as const;
export const TicketStatusSchema = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatusSchema>;

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const PrioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof PrioritySchema>;

export const CHANNELS = ['zalo', 'messenger', 'webchat', 'email', 'phone', 'api', 'manual'] as const;
export const ChannelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof ChannelSchema>;

export const IDENTITY_KINDS = ['phone', 'email', 'zalo', 'messenger', 'webchat', 'external'] as const;
export const IdentityKindSchema = z.enum(IDENTITY_KINDS);

export const LIFECYCLE_STAGES = ['lead', 'prospect', 'customer', 'loyal', 'churned'] as const;
export const LifecycleStageSchema = z.enum(LIFECYCLE_STAGES);

// ─── Access & settings: users, teams, API tokens, workspace settings, holidays, SLA policies ───

export const LOCALES = ['vi', 'en'] as const;
export const LocaleSchema = z.enum(LOCALES);

export const TeamMemberSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  available: z.boolean(),
  active: z.boolean(),
});

/** A department: tickets are routed to a team, then round-robin to its available members. */
export const TeamSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  createdAt: z.string(),
  members: z.array(TeamMemberSchema),
});
export type Team = z.infer<typeof TeamSchema>;

/** An API token as listed: the secret itself is shown only once, in the create response. */
export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

/** A connected channel account (mailbox, chat widget, telephony endpoint); secrets never leave the server. */
export const ChannelAccountSchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  address: z.string(),
  config: z.record(z.string(), z.unknown()),
  /** Which secret fields are set (e.g. { password: true }); their values are never returned. */
  secretsSet: z.record(z.string(), z.boolean()),
  status: z.enum(['ok', 'error', 'disabled']),
  statusMessage: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: z.string(),
});
export type ChannelAccountDto = z.infer<typeof ChannelAccountSchema>;

export const ChannelAccountCreateSchema = z.object({
  kind: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(120),
  config: z.record(z.string(), z.unknown()).default({}),
  secrets: z.record(z.string(), z.unknown()).optional(),
  enabled: z.boolean().optional(),
});
export const ChannelAccountPatchSchema = ChannelAccountCreateSchema.omit({ kind: true }).partial();

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "HH:mm", 00:00–23:59, or 24:00 as the end of a day open until midnight. */
export const TimeOfDaySchema = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Use HH:mm between 00:00 and 24:00');

const dayIntervals = z
  .array(z.tuple([TimeOfDaySchema, TimeOfDaySchema]))
  .max(8)
  .superRefine((ranges, ctx) => {
    // "HH:mm" strings compare correctly as text.
    ranges.forEach(([start, end], i) => {
      if (start >= end) ctx.addIssue({ code: 'custom', path: [i], message: `${start}–${end}: the start must be before the end` });
    });
    const sorted = [...ranges].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i][0] < sorted[i - 1][1]) {
        ctx.addIssue({ code: 'custom', message: `${sorted[i - 1].join('–')} and ${sorted[i].join('–')} overlap` });
      }
    }
  });

/**
 * Weekly opening hours as sent by clients, e.g. {"mon":[["08:00","12:00"],["13:30","17:30"]]}; a missing
 * day is closed. At least one interval is required: SLA clocks count business minutes and need some.
 */
export const BusinessHoursSchema = z
  .strictObject({
    mon: dayIntervals.optional(),
    tue: dayIntervals.optional(),
    wed: dayIntervals.optional(),
    thu: dayIntervals.optional(),
    fri: dayIntervals.optional(),
    sat: dayIntervals.optional(),
    sun: dayIntervals.optional(),
  })
  .refine((w) => Object.values(w).some((ranges) => (ranges?.length ?? 0) > 0), 'Open at least one period in the week');
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;

/** Weekly opening hours as stored and answered (not re-validated on the way out). */
export const BusinessHoursShape = z.record(z.string(), z.array(z.tuple([z.string(), z.string()])));

export const WorkspaceSettingsSchema = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  locale: z.string(),
  currency: z.string(),
  businessHours: BusinessHoursShape,
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;

/** A public holiday: a closed calendar day (yyyy-MM-dd) that SLA clocks skip. */
export const HolidaySchema = z.object({ day: z.string(), name: z.string() });
export type Holiday = z.infer<typeof HolidaySchema>;

/** SLA targets of one priority, in business minutes. */
export const SlaPolicySchema = z.object({
  priority: PrioritySchema,
  firstResponseMinutes: z.number().int(),
  resolutionMinutes: z.number().int(),
});
export type SlaPolicy = z.infer<typeof SlaPolicySchema>;

// ─── Customers: profiles, identities, notes, lookup, merge/undo, 360 timeline, CSV import ───

export const GENDERS = ['male', 'female', 'other'] as const;
export const GenderSchema = z.enum(GENDERS);

/** A calendar day "yyyy-MM-dd" that exists (no 31/02). */
export const CalendarDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use yyyy-MM-dd')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(+d) && d.toISOString().slice(0, 10) === s;
  }, 'Not a real date');

/** Custom fields: a flat object of scalars (no nesting), e.g. {"membership":"gold","points":120}. */
export const CustomerAttributesSchema = z
  .record(z.string().min(1).max(64), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
  .refine((o) => Object.keys(o).length <= 100, 'At most 100 attributes');

export const CustomerTagsSchema = z.array(z.string().trim().min(1).max(50)).max(50);

export const CustomerSchema = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(), // E.164
  email: z.string().nullable(),
  birthday: z.string().nullable(), // yyyy-MM-dd
  gender: z.string().nullable(),
  address: z.string().nullable(),
  company: z.string().nullable(),
  preferredChannel: z.string().nullable(),
  lifecycleStage: LifecycleStageSchema,
  segment: z.string().nullable(),
  tags: z.array(z.string()),
  attributes: z.record(z.string(), z.unknown()),
  mergedIntoId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Customer = z.infer<typeof CustomerSchema>;

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** POST /api/customers. Phone/email are normalised server-side (400 customer.invalid_phone / invalid_email). */
export const CustomerCreateSchema = z.object({
  name: z.string().trim().min(1).max(200),
  phone: z.string().trim().max(40).nullable().optional(),
  email: z.string().trim().max(254).nullable().optional(),
  birthday: CalendarDaySchema.nullable().optional(),
  gender: GenderSchema.nullable().optional(),
  address: optionalText(500),
  company: optionalText(200),
  preferredChannel: ChannelSchema.nullable().optional(),
  lifecycleStage: LifecycleStageSchema.optional(),
  segment: optionalText(100),
  tags: CustomerTagsSchema.optional(),
  attributes: CustomerAttributesSchema.optional(),
});
export type CustomerCreate = z.infer<typeof CustomerCreateSchema>;

/** PATCH /api/customers/:id: any subset; null clears a field. A new phone/email is also added as an identity. */
export const CustomerPatchSchema = CustomerCreateSchema.partial();
export type CustomerPatch = z.infer<typeof CustomerPatchSchema>;

export const CustomerIdentitySchema = z.object({ id: z.string(), kind: IdentityKindSchema, value: z.string(), createdAt: z.string() });
export type CustomerIdentity = z.infer<typeof CustomerIdentitySchema>;

export const CustomerIdentityCreateSchema = z.object({ kind: IdentityKindSchema, value: z.string().trim().min(1).max(300) });

export const CustomerNoteSchema = z.object({
  id: z.string(),
  body: z.string(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  createdAt: z.string(),
});
export type CustomerNote = z.infer<typeof CustomerNoteSchema>;

export const CustomerNoteCreateSchema = z.object({ body: z.string().trim().min(1).max(10_000) });

/** GET /api/customers: newest first, keyset-paginated. */
export const CustomerListQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  tag: z.string().trim().max(50).optional(),
  stage: LifecycleStageSchema.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
/** A list row: the profile plus when the customer last wrote (null when never). */
export const CustomerListItemSchema = CustomerSchema.extend({ lastContactAt: z.string().nullable() });
export const CustomerListSchema = z.object({ items: z.array(CustomerListItemSchema), nextCursor: z.string().nullable() });

/** One hit of GET /api/customers/lookup?q= (top 10). matchedBy says how the text was read. */
export const CustomerLookupHitSchema = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  tags: z.array(z.string()),
  lifecycleStage: LifecycleStageSchema,
  openTickets: z.number().int(),
});
export const CustomerLookupSchema = z.object({
  matchedBy: z.enum(['phone', 'phone_digits', 'email', 'name', 'none']),
  items: z.array(CustomerLookupHitSchema),
});
export type CustomerLookupHit = z.infer<typeof CustomerLookupHitSchema>;

export const CustomerMergeSchema = z.object({
  id: z.string(),
  sourceId: z.string(),
  targetId: z.string(),
  reason: z.enum(['manual', 'auto']),
  mergedBy: z.string().nullable(),
  createdAt: z.string(),
  undoneAt: z.string().nullable(),
  /** How many rows of each kind moved (tickets, messages, notes, identities) and which fields were filled. */
  moved: z.record(z.string(), z.number()),
  filledFields: z.array(z.string()),
  sourceName: z.string().nullable().optional(),
  targetName: z.string().nullable().optional(),
  mergedByName: z.string().nullable().optional(),
});
export type CustomerMerge = z.infer<typeof CustomerMergeSchema>;

export const TIMELINE_KINDS = ['ticket_opened', 'message', 'note', 'merge'] as const;
/** One entry of the customer's single timeline; fields not relevant to a kind are null. */
export const TimelineItemSchema = z.object({
  id: z.string(), // "<kind>:<row id>"
  kind: z.string(), // TIMELINE_KINDS today; more sources (orders, surveys, calls) may add kinds
  at: z.string(),
  ticketId: z.string().nullable(),
  ticketNumber: z.number().int().nullable(),
  channel: z.string().nullable(),
  direction: z.string().nullable(), // messages: inbound | outbound | note
  title: z.string().nullable(), // ticket subject, merge summary
  body: z.string().nullable(), // message or note text (truncated to 2,000 characters)
  actorName: z.string().nullable(),
});
export type TimelineItem = z.infer<typeof TimelineItemSchema>;
export const TimelinePageSchema = z.object({ items: z.array(TimelineItemSchema), nextCursor: z.string().nullable() });

export const Customer360TicketSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  subject: z.string(),
  status: TicketStatusSchema,
  priority: PrioritySchema,
  channel: z.string(),
  updatedAt: z.string(),
});

export const Customer360Schema = z.object({
  customer: CustomerSchema,
  identities: z.array(CustomerIdentitySchema),
  tags: z.array(z.string()),
  notes: z.array(CustomerNoteSchema),
  tickets: z.array(Customer360TicketSchema),
  stats: z.object({
    openTickets: z.number().int(),
    totalTickets: z.number().int(),
    firstSeenAt: z.string(),
    lastContactAt: z.string().nullable(),
    channels: z.array(z.string()),
  }),
  timeline: TimelinePageSchema,
});
export type Customer360 = z.infer<typeof Customer360Schema>;

/** POST /api/customers/import result: bad rows are reported, good rows still imported. */
export const CustomerImportResultSchema = z.object({
  imported: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});
export type CustomerImportResult = z.infer<typeof CustomerImportResultSchema>;

// ─── Tickets: inbox, detail, messages, attachments, merge, inbound API, canned replies, realtime ───

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

export const NamedRefSchema = z.object({ id: z.string(), name: z.string() });

/** Who did something: a user, an API token (integration), the system, or the customer. */
export const ActorRefSchema = z.object({
  type: z.enum(['user', 'token', 'system', 'customer']),
  id: z.string().nullable(),
  name: z.string().nullable(),
});
export type ActorRef = z.infer<typeof ActorRefSchema>;

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
});
export type TicketListItem = z.infer<typeof TicketListItemSchema>;

export const InboxPageSchema = z.object({ items: z.array(TicketListItemSchema), nextCursor: z.string().nullable() });
export type InboxPage = z.infer<typeof InboxPageSchema>;

/** Query-string lists arrive as "a,b" or as a repeated key (?status=a&status=b); an empty value means "not given". */
const queryList = (inner: z.ZodType<string>) =>
  z.preprocess((v) => (Array.isArray(v) ? v.join(',') : v === '' ? undefined : v), inner.optional());
const queryId = z.preprocess((v) => (v === '' ? undefined : v), z.uuid().optional());

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
  q: z.string().trim().max(200).optional(),
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

export const DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'failed'] as const;
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
  deliveryError: z.string().nullable(),
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

// ─── Phone calls (channels/phone, routes/calls) ───

/** POST /api/calls: an agent logs a call by hand. The customer is named by id, by phone, or by the ticket. */
export const CallLogSchema = z.object({
  customerId: z.uuid().optional(),
  phone: z.string().trim().min(3).max(40).optional(),
  ticketId: z.uuid().optional(),
  direction: z.enum(['inbound', 'outbound']),
  startedAt: z.iso.datetime({ offset: true }),
  talkSeconds: z.number().int().min(0).max(86_400),
  wrapUpSeconds: z.number().int().min(0).max(86_400).optional(),
  note: z.string().trim().max(5_000).optional(),
});
export type CallLog = z.infer<typeof CallLogSchema>;

/** One call (webhook or logged by hand), as stored for the thread, the timeline and call metrics. */
export const CallSchema = z.object({
  id: z.string(),
  callId: z.string(),
  channelAccountId: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound']),
  status: z.enum(['ringing', 'answered', 'ended', 'missed']),
  from: z.string().nullable(),
  to: z.string().nullable(),
  customer: NamedRefSchema.nullable(),
  agent: NamedRefSchema.nullable(),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  waitSeconds: z.number().nullable(),
  talkSeconds: z.number().nullable(),
  wrapUpSeconds: z.number().nullable(),
  missed: z.boolean(),
  abandoned: z.boolean(),
  recordingUrl: z.string().nullable(),
  ticketId: z.string().nullable(),
  ticketNumber: z.number().int().nullable(),
  messageId: z.string().nullable(),
  loggedByHand: z.boolean(),
  note: z.string().nullable(),
});
export type Call = z.infer<typeof CallSchema>;
export const CallPageSchema = z.object({ calls: z.array(CallSchema), nextCursor: z.string().nullable() });
