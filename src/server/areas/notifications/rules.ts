import type { Sql, StoredEvent } from '../../core/db/types.js';
import { isEvent } from '../../core/events/types.js';
import type { Role } from '../../core/http/actor.js';
import { NOTIFICATION_KINDS, type Notification, type NotificationChannels, type NotificationKind } from '../../../shared/notifications.js';
import { mentionedUserIds } from './mentions.js';
import { loadPrefs, wantsAny } from './prefs.js';

/** One notification to send: who, why, and what it shows. */
export interface PlannedNotification {
  workspaceId: string;
  userId: string;
  kind: NotificationKind;
  /** Names the cause; a user gets at most one notification per key (a reaction run twice sends nothing twice). */
  dedupeKey: string;
  ticketId: string | null;
  ticketNumber: number | null;
  subject: string;
  customerName: string | null;
  preview: string;
  actorName: string | null;
  sla?: Notification['sla'];
  channels: NotificationChannels;
}

/** The events that can notify someone (the reaction's `handles`). */
export const NOTIFYING_EVENTS = ['ticket.created', 'ticket.assigned', 'message.created', 'chat.started', 'alert.raised', 'webhook.subscription_paused'] as const;

/** The early-warning measures that mean "SLA at risk". */
const SLA_MEASURES = new Set(['sla_first_response', 'sla_resolution']);

interface StaffRow {
  id: string;
  name: string;
  email: string;
  role: Role;
}

interface TicketInfo {
  id: string;
  number: number;
  subject: string;
  assignee_id: string | null;
  team_id: string | null;
  status: string;
  customer_name: string;
  last_message_preview: string | null;
}

/** What a user would be told about one cause, before their settings pick one kind. */
type Reasons = Map<string, { kinds: Set<NotificationKind>; preview?: string; actorId?: string | null }>;

function addReason(r: Reasons, userId: string, kind: NotificationKind, extra: { preview?: string; actorId?: string | null } = {}) {
  const entry = r.get(userId) ?? { kinds: new Set<NotificationKind>() };
  entry.kinds.add(kind);
  if (extra.preview !== undefined && (kind === 'mention' || entry.preview === undefined)) entry.preview = extra.preview;
  if (extra.actorId !== undefined && entry.actorId === undefined) entry.actorId = extra.actorId;
  r.set(userId, entry);
}

const ticketIdOf = (e: StoredEvent): string | null => {
  if (e.subject_type === 'ticket') return e.subject_id;
  const id = (e.data as { ticketId?: unknown }).ticketId;
  return typeof id === 'string' ? id : null;
};

const userActor = (e: StoredEvent) => (e.actor_type === 'user' ? e.actor_id : null);

/**
 * Who should be told about the events of one transaction, and how (DESIGN: a read; the reaction
 * writes and pushes). The rules, per ticket the events touch:
 * - new conversation: the ticket was opened by a customer's message (web chat: the chat's start) →
 *   the members of its team, or every active user when it has no team;
 * - new message: a customer wrote on a ticket → its assignee;
 * - assigned: the ticket was given to someone (by a person or round-robin) and is still theirs → them;
 * - mention: an internal note names someone ("@name" or "@email-local-part") → them.
 * An SLA early-warning alert (measures sla_first_response / sla_resolution) → supervisors and admins,
 * plus the agent or team the alert is about. A webhook subscription paused after repeated failures →
 * the admins (and an email: webhook-paused.ts). Nobody is told about what they did themselves. A user
 * gets one notification per cause: the most specific kind that applies (mention, assigned, new
 * conversation, new message) among those they left on.
 */
export async function planNotifications(sql: Sql, workspaceId: string, events: readonly StoredEvent[]): Promise<PlannedNotification[]> {
  const mine = events.filter((e) => e.workspace_id === workspaceId);
  if (mine.length === 0) return [];
  const staff = await sql.query<StaffRow>(`SELECT id, name, email, role FROM users WHERE workspace_id = $1 AND active ORDER BY created_at`, [workspaceId]);
  const byId = new Map(staff.map((u) => [u.id, u]));

  const causes: Cause[] = [];

  // Ticket-bound events, grouped by ticket (one transaction usually touches one).
  const byTicket = new Map<string, StoredEvent[]>();
  for (const e of mine) {
    if (isEvent(e, 'alert.raised') || isEvent(e, 'webhook.subscription_paused')) continue;
    const id = ticketIdOf(e);
    if (id) byTicket.set(id, [...(byTicket.get(id) ?? []), e]);
  }
  const tickets = byTicket.size
    ? await sql.query<TicketInfo>(
        `SELECT t.id, t.number, t.subject, t.assignee_id, t.team_id, t.status, t.last_message_preview, c.name AS customer_name
         FROM tickets t JOIN customers c ON c.id = t.customer_id
         WHERE t.workspace_id = $1 AND t.id = ANY($2::uuid[]) AND t.merged_into_id IS NULL`,
        [workspaceId, [...byTicket.keys()]],
      )
    : [];
  const teamIds = [...new Set(tickets.map((t) => t.team_id).filter((x): x is string => !!x))];
  const members = teamIds.length
    ? await sql.query<{ team_id: string; user_id: string }>(`SELECT team_id, user_id FROM team_members WHERE workspace_id = $1 AND team_id = ANY($2::uuid[])`, [workspaceId, teamIds])
    : [];
  const teamOf = (teamId: string) => members.filter((m) => m.team_id === teamId && byId.has(m.user_id)).map((m) => m.user_id);

  for (const ticket of tickets) {
    const evs = byTicket.get(ticket.id) ?? [];
    const reasons: Reasons = new Map();
    const actors = new Set(evs.map(userActor).filter((x): x is string => !!x));
    const inbound = evs.filter((e) => isEvent(e, 'message.created') && e.data.direction === 'inbound');
    const lastInbound = inbound[inbound.length - 1];
    const preview = lastInbound && isEvent(lastInbound, 'message.created') ? lastInbound.data.preview : (ticket.last_message_preview ?? '');

    // A web chat's start is its own event (chat.started, committed after the ticket's): that one
    // announces a web chat, so a new chat ticket is announced once.
    const createdByCustomer = evs.some((e) => isEvent(e, 'ticket.created') && e.data.channel !== 'webchat') && inbound.length > 0;
    const opened = createdByCustomer || evs.some((e) => isEvent(e, 'chat.started'));
    if (opened) {
      const audience = ticket.team_id ? teamOf(ticket.team_id) : staff.map((u) => u.id);
      for (const id of audience) addReason(reasons, id, 'new_conversation', { preview });
    }
    if (inbound.length && ticket.assignee_id) addReason(reasons, ticket.assignee_id, 'new_message', { preview });

    for (const e of evs) {
      if (isEvent(e, 'ticket.assigned') && e.data.to && e.data.to === ticket.assignee_id) {
        addReason(reasons, e.data.to, 'assigned', { preview, actorId: userActor(e) });
      }
    }

    const notes = evs.filter((e) => isEvent(e, 'message.created') && e.data.direction === 'note');
    if (notes.length) {
      const rows = await sql.query<{ id: string; body: string; author_user_id: string | null }>(
        `SELECT id, body, author_user_id FROM messages WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
        [workspaceId, notes.map((n) => n.subject_id)],
      );
      for (const m of rows) {
        for (const id of mentionedUserIds(m.body, staff)) {
          if (id !== m.author_user_id) addReason(reasons, id, 'mention', { preview: m.body.replace(/\s+/g, ' ').slice(0, 140), actorId: m.author_user_id });
        }
      }
    }

    // Nobody is told about what they did themselves (their own note, their own assignment).
    for (const id of actors) reasons.delete(id);
    const first = evs.reduce((min, e) => (BigInt(e.id) < BigInt(min) ? e.id : min), evs[0]?.id ?? '0');
    causes.push({ key: `ticket:${ticket.id}:${first}`, ticket, reasons });
  }

  for (const e of mine) {
    if (!isEvent(e, 'alert.raised') || !SLA_MEASURES.has(e.data.measure)) continue;
    const reasons: Reasons = new Map();
    for (const u of staff) if (u.role !== 'agent') addReason(reasons, u.id, 'sla_at_risk', { preview: e.data.summary });
    if (e.data.scopeKind === 'agent' && e.data.scopeId && byId.has(e.data.scopeId)) addReason(reasons, e.data.scopeId, 'sla_at_risk', { preview: e.data.summary });
    if (e.data.scopeKind === 'team' && e.data.scopeId) {
      const team = await sql.query<{ user_id: string }>(`SELECT user_id FROM team_members WHERE workspace_id = $1 AND team_id = $2`, [workspaceId, e.data.scopeId]);
      for (const m of team) if (byId.has(m.user_id)) addReason(reasons, m.user_id, 'sla_at_risk', { preview: e.data.summary });
    }
    causes.push({ key: `alert:${e.id}`, ticket: null, reasons, alertSummary: e.data.summary });
  }

  // A subscription paused after repeated failures (once per pause: one event each) → the admins.
  for (const e of mine) {
    if (!isEvent(e, 'webhook.subscription_paused') || e.data.reason !== 'failures') continue;
    const reasons: Reasons = new Map();
    for (const u of staff) if (u.role === 'admin') addReason(reasons, u.id, 'webhook_paused', { preview: e.data.name });
    causes.push({ key: webhookPausedKey(e.id), ticket: null, reasons, alertSummary: e.data.name, subject: e.data.name });
  }

  return choose(sql, workspaceId, causes, byId);
}

/** The cause key of a subscription's pause (its event): the in-app notice and the email are each sent once per key. */
export const webhookPausedKey = (eventId: string) => `webhook_paused:${eventId}`;

interface Cause {
  key: string;
  ticket: TicketInfo | null;
  reasons: Reasons;
  alertSummary?: string;
  /** What the notification names when there is no ticket (a webhook subscription). */
  subject?: string;
}

/** Applies each user's settings: the first kind (most specific first) that applies and that they left on. */
async function choose(
  sql: Sql,
  workspaceId: string,
  causes: Cause[],
  byId: Map<string, StaffRow>,
): Promise<PlannedNotification[]> {
  const userIds = [...new Set(causes.flatMap((c) => [...c.reasons.keys()]))].filter((id) => byId.has(id));
  const prefs = await loadPrefs(sql, workspaceId, userIds);
  const out: PlannedNotification[] = [];
  for (const c of causes) {
    for (const [userId, r] of c.reasons) {
      const p = prefs.get(userId);
      if (!p) continue;
      const kind = NOTIFICATION_KINDS.find((k) => r.kinds.has(k) && wantsAny(p, k));
      if (!kind) continue;
      out.push({
        workspaceId,
        userId,
        kind,
        dedupeKey: c.key,
        ticketId: c.ticket?.id ?? null,
        ticketNumber: c.ticket ? Number(c.ticket.number) : null,
        subject: c.ticket?.subject ?? c.subject ?? '',
        customerName: c.ticket?.customer_name ?? null,
        preview: r.preview ?? c.alertSummary ?? '',
        actorName: r.actorId ? (byId.get(r.actorId)?.name ?? null) : null,
        channels: p[kind],
      });
    }
  }
  return out;
}
