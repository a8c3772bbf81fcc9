/** Settings: teams, business hours, holidays, SLA policies, workspace settings. (API shapes shared by server and web.) */
import { z } from 'zod';
import { RoleSchema } from './access.js';
import { PrioritySchema } from './common.js';

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
