/** Tickets: bulk actions on inbox selections and the open-ticket count of each inbox view. (API shapes shared by server and web.) */
import { z } from 'zod';
import { TicketStatusSchema } from './common.js';

/** What one bulk request does to every selected ticket, through the same commands as the ticket page. */
export const BulkActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('assign'), assigneeId: z.uuid().nullable() }),
  z.object({ type: z.literal('status'), status: TicketStatusSchema }),
  z.object({
    type: z.literal('tag'),
    add: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
    remove: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
  }),
  /** Every other selected ticket merges into this one (which may be one of the selection). */
  z.object({ type: z.literal('merge'), intoTicketId: z.uuid() }),
]);

export type BulkAction = z.infer<typeof BulkActionSchema>;

/** POST /api/tickets/bulk: all or nothing — one failing ticket leaves every ticket as it was. */
export const TicketBulkSchema = z.object({
  ticketIds: z.array(z.uuid()).min(1).max(100).refine((ids) => new Set(ids).size === ids.length, 'Each ticket once'),
  action: BulkActionSchema,
});

export type TicketBulk = z.infer<typeof TicketBulkSchema>;

export const TicketBulkResultSchema = z.object({ changed: z.array(z.string()), count: z.number().int() });

export type TicketBulkResult = z.infer<typeof TicketBulkResultSchema>;

/** GET /api/tickets/view-counts: open tickets per inbox view; team is the team asked for (null without one). */
export const InboxViewCountsQuerySchema = z.object({ teamId: z.preprocess((v) => (v === '' ? undefined : v), z.uuid().optional()) });

export const InboxViewCountsSchema = z.object({
  mine: z.number().int(),
  unassigned: z.number().int(),
  team: z.number().int().nullable(),
  all: z.number().int(),
});

export type InboxViewCounts = z.infer<typeof InboxViewCountsSchema>;
