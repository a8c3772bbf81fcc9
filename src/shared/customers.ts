/** Customers: profiles, identities, notes, lookup, merge/undo, the 360 view and timeline, CSV import. (API shapes shared by server and web.) */
import { z } from 'zod';
import { CalendarDaySchema, ChannelSchema, IdentityKindSchema, LifecycleStageSchema, PrioritySchema, TicketStatusSchema } from './common.js';

export const GENDERS = ['male', 'female', 'other'] as const;

export const GenderSchema = z.enum(GENDERS);

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

/** The customer list's orders: newest or oldest profile first, or by name A→Z / Z→A. */
export const CustomerSortSchema = z.enum(['created_desc', 'created_asc', 'name_asc', 'name_desc']);

export type CustomerSort = z.infer<typeof CustomerSortSchema>;

/** GET /api/customers: newest first unless sorted otherwise, keyset-paginated. */
export const CustomerListQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  sort: z.preprocess((v) => (v === '' ? undefined : v), CustomerSortSchema.default('created_desc')),
  tag: z.string().trim().max(50).optional(),
  stage: LifecycleStageSchema.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/** A list row: the profile plus when the customer last wrote (null when never). */
export const CustomerListItemSchema = CustomerSchema.extend({ lastContactAt: z.string().nullable() });

/** total: how many profiles match the filters, counted for the first page only (null on later pages). */
export const CustomerListSchema = z.object({ items: z.array(CustomerListItemSchema), nextCursor: z.string().nullable(), total: z.number().int().nullable() });

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
  /** A workflow (actorName: its name) or the AI wrote it: shown as "Tự động: …" / "Tự động (AI)". */
  actorKind: z.enum(['automation', 'ai']).nullable().optional(),
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
