/**
 * Event triggers: which event types each trigger listens to, whether one event fires it (its config
 * against the event's data and, where needed, current rows), and what the run is about (its subject).
 * Sweep triggers (dates, schedules, SLA, segments) are found by sweep.ts instead.
 */
import type { Sql } from '../../core/db/types.js';
import type { StoredEvent } from '../../core/db/types.js';
import { toSearchText } from '../../../shared/search-text.js';
import { TRIGGER_CONFIGS, TRIGGER_INFO, type TriggerType } from '../../../shared/workflows.js';
import type { RunSubject } from './actions/types.js';

const TICKET_FIELD_EVENTS = {
  status: 'ticket.status_changed',
  priority: 'ticket.priority_changed',
  assignee: 'ticket.assigned',
  team: 'ticket.team_changed',
  category: 'ticket.category_changed',
  tags: 'ticket.tags_changed',
  subject: 'ticket.subject_changed',
} as const;

/** The event types a trigger listens to (empty for sweep triggers). */
export function triggerEvents(type: string, config: Record<string, unknown> = {}): string[] {
  switch (type) {
    case 'ticket.created': return ['ticket.created'];
    case 'ticket.updated': {
      const f = (config as { field?: keyof typeof TICKET_FIELD_EVENTS }).field;
      return f && TICKET_FIELD_EVENTS[f] ? [TICKET_FIELD_EVENTS[f]] : Object.values(TICKET_FIELD_EVENTS);
    }
    case 'ticket.resolved': return ['ticket.status_changed'];
    case 'ticket.reopened': return ['ticket.reopened'];
    case 'message.received': return ['message.created'];
    case 'message.agent_replied': return ['message.created'];
    case 'survey.answered': return ['survey.answered'];
    case 'customer.created': return ['customer.created'];
    case 'customer.tag_added': return ['customer.created', 'customer.updated'];
    case 'order.created': return ['order.created'];
    case 'order.status_changed': return ['order.status_changed'];
    case 'call.missed': return ['call.ended'];
    default: return [];
  }
}

/** Every event type some trigger listens to (the reaction's `handles`), plus those waits listen to. */
export const TRIGGER_EVENT_TYPES = [
  ...new Set([
    ...Object.keys(TRIGGER_CONFIGS).flatMap((t) => triggerEvents(t)),
    'message.created', 'survey.answered', 'ticket.status_changed', 'ticket.priority_changed', 'ticket.assigned', 'ticket.team_changed',
    'ticket.category_changed', 'ticket.tags_changed', 'order.status_changed',
  ]),
];

const s = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** What a run started by this event is about (ids only; conditions and actions load the rows). */
export function subjectOf(e: StoredEvent): RunSubject {
  const d = e.data as Record<string, unknown>;
  const subject: RunSubject = {};
  const customerId = s(d.customerId);
  const ticketId = s(d.ticketId);
  if (customerId) subject.customerId = customerId;
  if (ticketId) subject.ticketId = ticketId;
  switch (e.subject_type) {
    case 'ticket': subject.ticketId = e.subject_id; break;
    case 'customer': subject.customerId = e.subject_id; break;
    case 'message': subject.messageId = e.subject_id; break;
    case 'order': subject.orderId = e.subject_id; break;
    case 'call': subject.callId = e.subject_id; if (s(d.messageId)) subject.messageId = s(d.messageId); break;
  }
  if (e.type === 'survey.answered' && s(d.answerId)) subject.surveyResponseId = s(d.answerId);
  return subject;
}

export type TriggerMatch = { fires: true; subject: RunSubject; mark?: string } | { fires: false; reason: string };

const no = (reason: string): TriggerMatch => ({ fires: false, reason });

/**
 * Whether this event fires a trigger of this type and config. Reads rows only where the event does not
 * say enough (a message's text, whether it is the customer's first, a customer's current tags, a call's
 * customer). `mark`: the once-only key of triggers that must not fire twice for the same fact.
 */
export async function matchTrigger(sql: Sql, type: string, rawConfig: Record<string, unknown>, e: StoredEvent): Promise<TriggerMatch> {
  if (!Object.hasOwn(TRIGGER_CONFIGS, type) || TRIGGER_INFO[type as TriggerType].source !== 'event') return no('not_an_event_trigger');
  if (!triggerEvents(type, rawConfig).includes(e.type)) return no('other_event_type');
  const parsed = TRIGGER_CONFIGS[type as TriggerType].safeParse(rawConfig);
  if (!parsed.success) return no('invalid_config');
  const c = parsed.data as Record<string, unknown>;
  const d = e.data as Record<string, unknown>;
  const subject = subjectOf(e);
  const yes = (mark?: string): TriggerMatch => ({ fires: true, subject, ...(mark ? { mark } : {}) });
  const inList = (list: unknown, v: unknown) => !Array.isArray(list) || list.length === 0 || list.includes(v);

  switch (type as TriggerType) {
    case 'ticket.created':
      if (!inList(c.channels, d.channel)) return no('channel');
      if (!inList(c.priorities, d.priority)) return no('priority');
      return yes();
    case 'ticket.updated': {
      const to = s(c.to);
      if (!to) return yes();
      if (e.type === 'ticket.tags_changed') return Array.isArray(d.added) && d.added.includes(to) ? yes() : no('value');
      if (e.type === 'ticket.subject_changed') return toSearchText(String(d.to ?? '')).includes(toSearchText(to)) ? yes() : no('value');
      return d.to === to ? yes() : no('value');
    }
    case 'ticket.resolved':
      return d.to === 'resolved' ? yes() : no('status');
    case 'ticket.reopened':
      return yes();
    case 'message.received': {
      if (d.direction !== 'inbound') return no('not_inbound');
      if (!inList(c.channels, d.channel)) return no('channel');
      const words = (c.textContains as string[] | undefined) ?? [];
      if (words.length) {
        const m = await sql.maybeOne<{ body: string }>('SELECT body FROM messages WHERE workspace_id = $1 AND id = $2', [e.workspace_id, e.subject_id]);
        const text = toSearchText(m?.body ?? String(d.preview ?? ''));
        if (!words.some((w) => text.includes(toSearchText(w)))) return no('text');
      }
      if (c.firstOfCustomer) {
        const r = await sql.one<{ n: number }>(
          `SELECT count(*)::int AS n FROM (SELECT 1 FROM messages WHERE workspace_id = $1 AND customer_id = $2 AND direction = 'inbound' AND id <> $3 AND created_at <= (SELECT created_at FROM messages WHERE id = $3) LIMIT 1) x`,
          [e.workspace_id, d.customerId, e.subject_id],
        );
        if (r.n > 0) return no('not_first');
      }
      return yes();
    }
    case 'message.agent_replied': {
      if (d.direction !== 'outbound') return no('not_outbound');
      // A person's reply: workflows, the AI agent and system notices write as other actors.
      if (e.actor_type !== 'user' && e.actor_type !== 'token') return no('not_a_person');
      if (!inList(c.channels, d.channel)) return no('channel');
      if (c.firstReplyOnly) {
        const earlier = await sql.maybeOne<{ one: number }>(
          `SELECT 1 AS one FROM messages WHERE workspace_id = $1 AND ticket_id = $2 AND direction = 'outbound' AND id <> $3
             AND created_at <= (SELECT created_at FROM messages WHERE id = $3) LIMIT 1`,
          [e.workspace_id, d.ticketId, e.subject_id],
        );
        if (earlier) return no('not_first_reply');
      }
      return yes();
    }
    case 'survey.answered': {
      if (!inList(c.surveyTypes, d.type)) return no('survey_type');
      const score = typeof d.score === 'number' ? d.score : null;
      if ((c.minScore !== undefined || c.maxScore !== undefined) && score === null) return no('score');
      if (c.minScore !== undefined && score! < (c.minScore as number)) return no('score');
      if (c.maxScore !== undefined && score! > (c.maxScore as number)) return no('score');
      return yes();
    }
    case 'customer.created':
      return yes();
    case 'customer.tag_added': {
      if (e.type === 'customer.updated' && !(Array.isArray(d.fields) && d.fields.includes('tags'))) return no('tags_unchanged');
      const row = await sql.maybeOne<{ tags: string[] }>('SELECT tags FROM customers WHERE workspace_id = $1 AND id = $2', [e.workspace_id, e.subject_id]);
      const tag = String(c.tag);
      // The tag now, and not yet fired for it (the engine clears the mark when the tag is gone).
      return row?.tags.includes(tag) ? yes(`tag:${e.subject_id}:${tag}`) : no('tag_absent');
    }
    case 'order.created':
      if (!inList(c.kinds, d.kind)) return no('kind');
      if (!inList(c.statuses, d.status)) return no('status');
      return yes();
    case 'order.status_changed':
      if (!inList(c.from, d.from)) return no('from');
      if (!inList(c.to, d.to)) return no('to');
      return yes();
    case 'call.missed': {
      if (d.status !== 'missed' || d.direction !== 'inbound') return no('not_missed');
      if (!subject.customerId && subject.ticketId) {
        const t = await sql.maybeOne<{ customer_id: string }>('SELECT customer_id FROM tickets WHERE workspace_id = $1 AND id = $2', [e.workspace_id, subject.ticketId]);
        if (t) subject.customerId = t.customer_id;
      }
      // call.ended is appended again when later deliveries change its facts: one run per missed call.
      return yes(`call:${e.subject_id}`);
    }
    default:
      return no('not_an_event_trigger');
  }
}

/** A tag the customer no longer has may fire again once it is added back: the marks of absent tags go. */
export async function clearAbsentTagMarks(sql: Sql, workflowId: string, tag: string, e: StoredEvent) {
  if (e.type !== 'customer.updated') return;
  await sql.query(
    `DELETE FROM workflow_marks WHERE workflow_id = $1 AND mark = $2
       AND NOT EXISTS (SELECT 1 FROM customers WHERE workspace_id = $3 AND id = $4 AND $5 = ANY(tags))`,
    [workflowId, `tag:${e.subject_id}:${tag}`, e.workspace_id, e.subject_id, tag],
  );
}
