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

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "HH:mm", 00:00–23:59. */
export const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:mm between 00:00 and 23:59');

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

/** Weekly opening hours, e.g. {"mon":[["08:00","12:00"],["13:30","17:30"]]}; a missing day is closed. */
export const BusinessHoursSchema = z.strictObject({
  mon: dayIntervals.optional(),
  tue: dayIntervals.optional(),
  wed: dayIntervals.optional(),
  thu: dayIntervals.optional(),
  fri: dayIntervals.optional(),
  sat: dayIntervals.optional(),
  sun: dayIntervals.optional(),
});
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;

export const WorkspaceSettingsSchema = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  locale: z.string(),
  currency: z.string(),
  businessHours: BusinessHoursSchema,
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
