import type { InboxPage, Message, TicketDetail, TicketListItem, TicketSla } from '../../../shared/tickets';
import { api, apiUrl } from '../../lib/api';

// The shapes are the server's response schemas (src/shared/tickets.ts and the other per-area files); the envelopes are those of the routes.
export type { InboxPage, Message, TicketDetail, TicketListItem };

export type SlaState = 'ok' | 'at_risk' | 'breached';

/**
 * The SLA badge: the server flags each target (first reply, resolution); the badge shows the worst
 * one still open. A target met late stays "breached" in reports, but the badge is about what still needs action.
 */
export function slaStateOf(sla: TicketSla): SlaState {
  const open = [sla.firstResponse, sla.resolution].filter((x) => !x.metAt);
  if (open.some((x) => x.breached)) return 'breached';
  if (open.some((x) => x.atRisk)) return 'at_risk';
  return 'ok';
}

/** GET /api/tickets/:id. */
export async function fetchTicket(id: string, signal?: AbortSignal): Promise<TicketDetail> {
  return (await api<{ ticket: TicketDetail }>(`/tickets/${id}`, { signal })).ticket;
}

/** GET /api/tickets/:id/messages: the whole thread, oldest first. */
export async function fetchMessages(id: string, signal?: AbortSignal): Promise<Message[]> {
  return (await api<{ messages: Message[] }>(`/tickets/${id}/messages`, { signal })).messages;
}

/** Where an attachment's bytes are served (with the session cookie). */
export const attachmentUrl = (id: string) => apiUrl(`/attachments/${id}`);
