import type { InboxSlaState, InboxSort } from '../../../shared/tickets';
import type { InboxViewCounts, TicketBulk, TicketBulkResult } from '../../../shared/tickets-bulk';
import { api } from '../../lib/api';
import type { InboxPage } from '../tickets/ticketApi';

export type { InboxSlaState, InboxSort, InboxViewCounts };

/** The inbox as the page asks for it; the "team" view is "all" narrowed to one of my teams. */
export interface InboxQuery {
  view: 'mine' | 'unassigned' | 'team' | 'all';
  status?: string;
  priority?: string;
  channel?: string;
  teamId?: string;
  assigneeId?: string;
  tag?: string;
  sla?: InboxSlaState;
  /** Tickets about an order: one still open, or any. */
  aboutOrder?: 'open' | 'any';
  /** The AI's reading of the customer's latest message: comma list of negative, neutral, positive. */
  sentiment?: string;
  sort?: InboxSort;
  q?: string;
}

/** GET /api/tickets: one keyset page of the inbox. */
export function fetchInbox(query: InboxQuery, cursor: string | null, signal?: AbortSignal): Promise<InboxPage> {
  const server = { ...query, view: query.view === 'team' ? 'all' : query.view };
  return api<InboxPage>('/tickets', { query: { ...server, cursor, limit: 30 }, signal });
}

/** GET /api/tickets/view-counts: open tickets per view. */
export function fetchViewCounts(teamId: string | undefined, signal?: AbortSignal): Promise<InboxViewCounts> {
  return api<InboxViewCounts>('/tickets/view-counts', { query: { teamId }, signal });
}

/** POST /api/tickets/bulk: all or nothing. */
export function bulkTickets(body: TicketBulk): Promise<TicketBulkResult> {
  return api<TicketBulkResult>('/tickets/bulk', { body });
}
