/** Shapes every area shares: the error body, ticket statuses, priorities, channels, identity kinds, lifecycle stages, locales. (API shapes shared by server and web.) */
import { z } from 'zod';

/**
 * API shapes shared by the server (response schemas, OpenAPI) and the web app (types).
 * No Node or DOM imports here.
 */
export const ErrorSchema = z.object({
  error: z.object({ id: z.string(), message: z.string(), details: z.unknown().optional() }),
});

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

export const LOCALES = ['vi', 'en'] as const;

export const LocaleSchema = z.enum(LOCALES);

/** A calendar day "yyyy-MM-dd" that exists (no 31/02). */
export const CalendarDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use yyyy-MM-dd')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(+d) && d.toISOString().slice(0, 10) === s;
  }, 'Not a real date');

export const NamedRefSchema = z.object({ id: z.string(), name: z.string() });

/** Who did something: a user, an API token (integration), the system, the customer, a workflow (name: the workflow's) or the AI. */
export const ActorRefSchema = z.object({
  type: z.enum(['user', 'token', 'system', 'customer', 'automation', 'ai']),
  id: z.string().nullable(),
  name: z.string().nullable(),
});

export type ActorRef = z.infer<typeof ActorRefSchema>;
