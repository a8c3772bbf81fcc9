import type { Channel, DeliveryStatus, MessageDetails, Priority, TicketStatus } from '../../../shared/api';
import { api } from '../../lib/api';

/**
 * The ticket as the web app uses it. The server's presenter may nest related records
 * (customer, assignee, team) or give only their ids; `toTicket` accepts both so the UI does not
 * break while the API settles.
 */
export interface TicketView {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: Priority;
  channel: Channel | string;
  category: string | null;
  tags: string[];
  customer: { id: string; name: string; phone: string | null; email: string | null };
  assignee: { id: string; name: string } | null;
  team: { id: string; name: string } | null;
  lastMessageAt: string;
  lastMessagePreview: string;
  createdAt: string;
  firstResponseAt: string | null;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  messageCount: number;
  mergedIntoId: string | null;
  /** ok | at_risk | breached when the server computes it; otherwise derived from the due times. */
  sla: SlaState | null;
  /** Who moved the ticket to each step and when, if the server sends it. */
  steps: TicketStep[];
}

export type SlaState = 'ok' | 'at_risk' | 'breached';
export interface TicketStep {
  /** A status, or 'rated' once the customer answered a survey about the ticket. */
  status: TicketStatus | 'rated';
  at: string;
  actorName: string | null;
}

export interface MessageView {
  id: string;
  direction: 'inbound' | 'outbound' | 'note';
  channel: string;
  body: string;
  contentType: 'text' | 'html';
  createdAt: string;
  author: { id: string | null; name: string } | null;
  attachments: { id: string; filename: string; contentType: string; size: number; url: string }[];
  /** Outbound messages on channels that send: queued → sent → delivered, or failed with the reason. */
  deliveryStatus: DeliveryStatus | null;
  deliveryError: string | null;
  deliveryAttempts: number;
  /** Channel details: email header and folded quote, sanitised HTML, auto-reply label, a call. */
  details: MessageDetails;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Reads a ticket from the API, tolerant of nested or flat related records. */
export function toTicket(r: any): TicketView {
  const cust = r.customer ?? {};
  const assigneeId = r.assignee?.id ?? r.assigneeId ?? null;
  const teamId = r.team?.id ?? r.teamId ?? null;
  return {
    id: r.id,
    number: r.number,
    subject: r.subject ?? '',
    status: r.status,
    priority: r.priority ?? 'normal',
    channel: r.channel,
    category: r.category ?? null,
    tags: r.tags ?? [],
    customer: {
      id: cust.id ?? r.customerId,
      name: cust.name ?? r.customerName ?? '',
      phone: cust.phone ?? r.customerPhone ?? null,
      email: cust.email ?? r.customerEmail ?? null,
    },
    assignee: assigneeId ? { id: assigneeId, name: r.assignee?.name ?? r.assigneeName ?? '' } : null,
    team: teamId ? { id: teamId, name: r.team?.name ?? r.teamName ?? '' } : null,
    lastMessageAt: r.lastMessageAt ?? r.updatedAt ?? r.createdAt,
    lastMessagePreview: r.lastMessagePreview ?? r.preview ?? '',
    createdAt: r.createdAt,
    firstResponseAt: str(r.firstResponseAt),
    firstResponseDueAt: str(r.firstResponseDueAt ?? r.sla?.firstResponse?.dueAt),
    resolutionDueAt: str(r.resolutionDueAt ?? r.sla?.resolution?.dueAt),
    resolvedAt: str(r.resolvedAt),
    closedAt: str(r.closedAt),
    messageCount: r.messageCount ?? 0,
    mergedIntoId: r.mergedIntoId ?? null,
    sla: slaFromServer(r.sla),
    steps: (Array.isArray(r.progress) ? r.progress : Array.isArray(r.steps) ? r.steps : [])
      .filter((s: any) => s.reached !== false && s.at)
      .map((s: any) => ({ status: s.step ?? s.status, at: s.at, actorName: s.by?.name ?? s.actorName ?? null })),
  };
}

/** The server flags each target (first reply, resolution); the badge shows the worst of them. */
function slaFromServer(sla: any): SlaState | null {
  if (!sla || typeof sla !== 'object') return null;
  const targets = [sla.firstResponse, sla.resolution].filter(Boolean);
  if (targets.length === 0) return null;
  // A target met late stays "breached" in reports, but the badge is about what still needs action.
  const open = targets.filter((x: any) => !x.metAt);
  if (open.some((x: any) => x.breached)) return 'breached';
  if (open.some((x: any) => x.atRisk)) return 'at_risk';
  return 'ok';
}

/** Reads a message from the API. */
export function toMessage(m: any): MessageView {
  const authorName = m.author?.name ?? m.authorName ?? null;
  const authorId = m.author?.id ?? m.authorUserId ?? m.authorId ?? null;
  return {
    id: m.id,
    direction: m.direction,
    channel: m.channel,
    body: m.body ?? '',
    contentType: m.contentType === 'html' ? 'html' : 'text',
    createdAt: m.createdAt,
    author: authorName || authorId ? { id: authorId, name: authorName ?? '' } : null,
    attachments: (m.attachments ?? []).map((a: any) => ({
      id: a.id,
      filename: a.filename ?? a.name ?? 'file',
      contentType: a.contentType ?? '',
      size: a.size ?? 0,
      url: a.url ?? `/api/attachments/${a.id}`,
    })),
    deliveryStatus: m.deliveryStatus ?? null,
    deliveryError: m.deliveryError ?? null,
    deliveryAttempts: m.deliveryAttempts ?? 0,
    details: m.details && typeof m.details === 'object' ? m.details : {},
  };
}

/** The inbox as the page asks for it; the "team" view is "all" narrowed to one of my teams. */
export interface InboxQuery {
  view: 'mine' | 'unassigned' | 'team' | 'all';
  status?: string;
  priority?: string;
  channel?: string;
  teamId?: string;
  q?: string;
}

export interface InboxPage {
  items: TicketView[];
  nextCursor: string | null;
}

/** GET /api/tickets: one keyset page of the inbox. */
export async function fetchInbox(query: InboxQuery, cursor: string | null, signal?: AbortSignal): Promise<InboxPage> {
  const server = { ...query, view: query.view === 'team' ? 'all' : query.view };
  const res = await api<any>('/tickets', { query: { ...server, cursor, limit: 30 }, signal });
  const items = (Array.isArray(res) ? res : (res.items ?? res.tickets ?? [])).map(toTicket);
  return { items, nextCursor: res.nextCursor ?? null };
}

/** GET /api/tickets/:id. */
export async function fetchTicket(id: string, signal?: AbortSignal): Promise<TicketView> {
  const res = await api<any>(`/tickets/${id}`, { signal });
  return toTicket(res.ticket ?? res);
}

/** GET /api/tickets/:id/messages: the whole thread, oldest first. */
export async function fetchMessages(id: string, signal?: AbortSignal): Promise<MessageView[]> {
  const res = await api<any>(`/tickets/${id}/messages`, { signal });
  const list: any[] = Array.isArray(res) ? res : (res.items ?? res.messages ?? []);
  const out = list.map(toMessage);
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * The SLA badge to show: the server's verdict when given; otherwise breached past a due time,
 * at risk in the last quarter of the time allowed.
 */
export function slaStateOf(t: TicketView, now = Date.now()): SlaState | null {
  if (t.sla) return t.sla;
  if (t.status === 'resolved' || t.status === 'closed') return null;
  const due = !t.firstResponseAt ? t.firstResponseDueAt : t.resolutionDueAt;
  if (!due) return null;
  const dueMs = new Date(due).getTime();
  if (now > dueMs) return 'breached';
  const span = dueMs - new Date(t.createdAt).getTime();
  return dueMs - now <= span * 0.25 ? 'at_risk' : 'ok';
}
