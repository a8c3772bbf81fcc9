import type { Sql } from '../../core/db/types.js';
import type { EventData, EventType } from '../../core/events/types.js';
import { businessMinutesBetween, type BusinessCalendar } from '../../core/lib/business-hours.js';
import { timeBucket } from './buckets.js';
import { dayIn } from './days.js';

/**
 * Reporting rows (metric_samples) derived from stored data: tickets, their messages and status-change
 * events, survey answers, and the facts chats and calls tell in their chat.ended / call.ended events
 * (never a channel's tables: DESIGN rule 4). This file is the single definition of every measure
 * (PRODUCT.md §4); rollups only add samples up. Dating rules:
 * - volume, backlog (+1), frt, frt_business, sla_first_response, sla_resolution: the ticket's creation day;
 * - resolution_time, fcr, reopen_rate, backlog (−1): the resolution day (resolved_at, else closed_at);
 * - response_time: the day of the agent reply; csat/nps/ces: the answer day; calls and chats: their start day.
 * Dimensions: the ticket's current channel/team/category/priority/tags; agent = the assignee, except
 * frt/response_time (the agent who replied) and answers/calls (the agent recorded on them); calls and
 * chats are counted under the channel their event names.
 * Merged tickets (tombstones) produce nothing. Times are whole seconds.
 */
export type SourceKind = 'ticket' | 'answer' | 'call' | 'chat';

export interface Sample {
  source_kind: SourceKind;
  source_id: string;
  measure: string;
  day: string;
  channel: string;
  team_id: string | null;
  agent_id: string | null;
  category: string;
  priority: string;
  tags: string[];
  value: number;
  bucket: number;
}

interface Dims {
  channel: string;
  team_id: string | null;
  agent_id: string | null;
  category: string;
  priority: string;
  tags: string[];
}

const OPEN = new Set(['received', 'verified', 'routed', 'responded']);
const WEEK_MS = 7 * 86_400_000;
const secs = (a: Date, b: Date) => Math.max(0, Math.round((b.getTime() - a.getTime()) / 1000));
const d = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(v as string));

export interface TicketInput {
  id: string;
  channel: string;
  status: string;
  priority: string;
  category: string | null;
  team_id: string | null;
  assignee_id: string | null;
  tags: string[];
  created_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
  reopen_count: number;
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  merged_into_id: string | null;
}
export interface MessageInput {
  direction: 'inbound' | 'outbound' | 'note';
  author_user_id: string | null;
  created_at: Date;
  automated: boolean;
}
export interface StatusEventInput {
  to: string;
  from: string;
  at: Date;
}

/** Every sample of one ticket, from its row, its messages (time order) and its status changes (time order). */
export function ticketSamples(t: TicketInput, messages: MessageInput[], statusEvents: StatusEventInput[], cal: BusinessCalendar, now: Date): Sample[] {
  if (t.merged_into_id) return [];
  const tz = cal.timezone;
  const base: Dims = { channel: t.channel, team_id: t.team_id, agent_id: t.assignee_id, category: t.category ?? '', priority: t.priority, tags: t.tags ?? [] };
  const out: Sample[] = [];
  const add = (measure: string, at: Date, value: number, bucket: number, dims: Partial<Dims> = {}) =>
    out.push({ source_kind: 'ticket', source_id: t.id, measure, day: dayIn(at, tz), ...base, ...dims, value, bucket });

  add('volume', t.created_at, 1, 1);
  add('backlog', t.created_at, 1, 0);
  const endAt = OPEN.has(t.status) ? null : (t.resolved_at ?? t.closed_at);
  if (endAt) add('backlog', endAt, -1, 0);

  // Agent replies: outbound and not automated (surveys, auto-acks); notes never count.
  const isReply = (m: MessageInput) => m.direction === 'outbound' && !m.automated;
  const firstIn = messages.find((m) => m.direction === 'inbound');
  const firstReply = firstIn ? messages.find((m) => isReply(m) && m.created_at >= firstIn.created_at) : undefined;
  if (firstIn && firstReply) {
    const s = secs(firstIn.created_at, firstReply.created_at);
    add('frt', t.created_at, s, timeBucket(s), { agent_id: firstReply.author_user_id });
    const b = Math.max(0, Math.round(businessMinutesBetween(firstIn.created_at, firstReply.created_at, cal) * 60));
    add('frt_business', t.created_at, b, timeBucket(b), { agent_id: firstReply.author_user_id });
  }
  // Each customer message → the next agent reply after it.
  let pending: Date[] = [];
  for (const m of messages) {
    if (m.direction === 'inbound') pending.push(m.created_at);
    else if (isReply(m) && pending.length) {
      for (const at of pending) {
        const s = secs(at, m.created_at);
        add('response_time', m.created_at, s, timeBucket(s), { agent_id: m.author_user_id });
      }
      pending = [];
    }
  }

  const resolvedAt = OPEN.has(t.status) ? null : t.resolved_at;
  if (resolvedAt) {
    const s = secs(t.created_at, resolvedAt);
    add('resolution_time', resolvedAt, s, timeBucket(s));
    const replies = messages.filter(isReply).length;
    const ok = replies === 1 && !reopenedWithinAWeek(t, statusEvents) ? 1 : 0;
    add('fcr', resolvedAt, ok, ok);
    const reopened = t.reopen_count > 0 ? 1 : 0;
    add('reopen_rate', resolvedAt, reopened, reopened);
  }
  // SLA: judged once settled — the reply/resolution came (met when by the due time) or the due time passed.
  if (t.first_response_due_at) {
    const replyAt = firstReply?.created_at ?? null;
    const met = replyAt ? (replyAt <= t.first_response_due_at ? 1 : 0) : now > t.first_response_due_at ? 0 : null;
    if (met !== null) add('sla_first_response', t.created_at, met, met);
  }
  if (t.resolution_due_at) {
    const met = resolvedAt ? (resolvedAt <= t.resolution_due_at ? 1 : 0) : now > t.resolution_due_at ? 0 : null;
    if (met !== null) add('sla_resolution', t.created_at, met, met);
  }
  return out;
}

/** Whether the ticket went back to an open step within 7 days after having been resolved or closed. */
function reopenedWithinAWeek(t: TicketInput, events: StatusEventInput[]): boolean {
  if (t.reopen_count > 0 && events.length === 0) return true; // history unknown (imported rows): assume it was
  let doneAt: Date | null = null;
  for (const e of events) {
    if (!OPEN.has(e.to)) doneAt ??= e.at;
    else if (!OPEN.has(e.from) && doneAt) {
      if (e.at.getTime() - doneAt.getTime() <= WEEK_MS) return true;
      doneAt = null;
    }
  }
  return false;
}

export interface TicketDims {
  category: string | null;
  priority: string | null;
  tags: string[] | null;
  team_id: string | null;
  assignee_id: string | null;
}

export interface AnswerInput extends Partial<TicketDims> {
  id: string;
  type: string;
  score: number | null;
  channel: string;
  agent_id: string | null;
  answer_team_id: string | null;
  answered_at: Date;
}

export function answerSamples(a: AnswerInput, tz: string): Sample[] {
  if (!['csat', 'nps', 'ces'].includes(a.type) || a.score === null || a.score === undefined) return [];
  return [
    {
      source_kind: 'answer', source_id: a.id, measure: a.type, day: dayIn(a.answered_at, tz),
      channel: a.channel, team_id: a.answer_team_id, agent_id: a.agent_id,
      category: a.category ?? '', priority: a.priority ?? '', tags: a.tags ?? [],
      value: a.score, bucket: a.score,
    },
  ];
}

export interface CallInput extends Partial<TicketDims> {
  id: string;
  channel: string;
  direction: string;
  status: string;
  started_at: Date;
  answered_at: Date | null;
  talk_seconds: number | null;
  wrap_up_seconds: number | null;
  abandoned: boolean;
  agent_user_id: string | null;
}

export function callSamples(c: CallInput, tz: string): Sample[] {
  const out: Sample[] = [];
  const dims = { channel: c.channel, team_id: c.team_id ?? null, agent_id: c.agent_user_id, category: c.category ?? '', priority: c.priority ?? '', tags: c.tags ?? [] };
  const day = dayIn(c.started_at, tz);
  if (c.answered_at && c.status === 'ended' && c.talk_seconds !== null) {
    const v = c.talk_seconds + (c.wrap_up_seconds ?? 0);
    out.push({ source_kind: 'call', source_id: c.id, measure: 'aht_call', day, ...dims, value: v, bucket: timeBucket(v) });
  }
  if (c.direction === 'inbound' && (c.status === 'ended' || c.status === 'missed')) {
    const v = c.abandoned ? 1 : 0;
    out.push({ source_kind: 'call', source_id: c.id, measure: 'abandoned_call', day, ...dims, value: v, bucket: v });
  }
  return out;
}

export interface ChatInput extends Partial<TicketDims> {
  id: string;
  channel: string;
  status: string;
  started_at: Date;
  first_agent_reply_at: Date | null;
  ended_at: Date | null;
}

export function chatSamples(c: ChatInput, tz: string): Sample[] {
  const out: Sample[] = [];
  const dims = { channel: c.channel, team_id: c.team_id ?? null, agent_id: c.assignee_id ?? null, category: c.category ?? '', priority: c.priority ?? '', tags: c.tags ?? [] };
  const day = dayIn(c.started_at, tz);
  if (c.status === 'ended' && c.first_agent_reply_at && c.ended_at) {
    const v = secs(c.first_agent_reply_at, c.ended_at);
    out.push({ source_kind: 'chat', source_id: c.id, measure: 'aht_chat', day, ...dims, value: v, bucket: timeBucket(v) });
  }
  if (c.status === 'ended' || c.status === 'abandoned') {
    const v = c.status === 'abandoned' ? 1 : 0;
    out.push({ source_kind: 'chat', source_id: c.id, measure: 'abandoned_chat', day, ...dims, value: v, bucket: v });
  }
  return out;
}

/** Loads the raw rows of a batch of sources and derives their samples. */
export async function loadSamples(sql: Sql, workspaceId: string, kind: SourceKind, ids: string[], cal: BusinessCalendar, now = new Date()): Promise<Sample[]> {
  if (ids.length === 0) return [];
  const tz = cal.timezone;
  const ticketJoin = `LEFT JOIN tickets t ON t.workspace_id = x.workspace_id AND t.id = x.ticket_id`;
  const ticketCols = `t.category, t.priority, t.tags, t.team_id, t.assignee_id`;
  if (kind === 'ticket') {
    const tickets = await sql.query<TicketInput>(
      `SELECT id, channel, status, priority, category, team_id, assignee_id, tags, created_at, resolved_at, closed_at, reopen_count,
              first_response_due_at, resolution_due_at, merged_into_id
       FROM tickets WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
      [workspaceId, ids],
    );
    const msgs = await sql.query<MessageInput & { ticket_id: string }>(
      `SELECT ticket_id, direction, author_user_id, created_at, coalesce((meta->>'automated')::boolean, false) AS automated
       FROM messages WHERE workspace_id = $1 AND ticket_id = ANY($2::uuid[]) ORDER BY ticket_id, created_at, id`,
      [workspaceId, ids],
    );
    const evs = await sql.query<{ ticket_id: string; from: string; to: string; at: Date }>(
      `SELECT subject_id AS ticket_id, data->>'from' AS "from", data->>'to' AS "to", created_at AS at
       FROM events WHERE workspace_id = $1 AND subject_type = 'ticket' AND subject_id = ANY($2::uuid[]) AND type = 'ticket.status_changed'
       ORDER BY subject_id, id`,
      [workspaceId, ids],
    );
    const byTicket = groupBy(msgs, (m) => m.ticket_id);
    const evByTicket = groupBy(evs, (e) => e.ticket_id);
    return tickets.flatMap((t) =>
      ticketSamples(
        { ...t, created_at: d(t.created_at)!, resolved_at: d(t.resolved_at), closed_at: d(t.closed_at), first_response_due_at: d(t.first_response_due_at), resolution_due_at: d(t.resolution_due_at), reopen_count: Number(t.reopen_count) },
        (byTicket.get(t.id) ?? []).map((m) => ({ ...m, created_at: d(m.created_at)! })),
        (evByTicket.get(t.id) ?? []).map((e) => ({ ...e, at: d(e.at)! })),
        cal,
        now,
      ),
    );
  }
  if (kind === 'answer') {
    const rows = await sql.query<AnswerInput>(
      `SELECT x.id, x.type, x.score, x.channel, x.agent_id, x.team_id AS answer_team_id, x.answered_at, ${ticketCols}
       FROM survey_answers x ${ticketJoin} WHERE x.workspace_id = $1 AND x.id = ANY($2::uuid[])`,
      [workspaceId, ids],
    );
    return rows.flatMap((a) => answerSamples({ ...a, answered_at: d(a.answered_at)! }, tz));
  }
  // The latest chat.ended / call.ended of each (a call's facts may be told again when a later delivery changes them).
  const facts = await sql.query<{ id: string; data: Record<string, unknown> } & TicketDims>(
    `SELECT DISTINCT ON (e.subject_id) e.subject_id AS id, e.data, ${ticketCols}
     FROM events e LEFT JOIN tickets t ON t.workspace_id = e.workspace_id AND t.id = (e.data->>'ticketId')::uuid
     WHERE e.workspace_id = $1 AND e.subject_type = $3 AND e.subject_id = ANY($2::uuid[]) AND e.type = $4
     ORDER BY e.subject_id, e.id DESC`,
    [workspaceId, ids, kind, FACT_EVENT[kind]],
  );
  // (An event without the facts — a chat.ended appended before they were carried, never backfilled — counts for nothing.)
  const told = facts.filter((r) => typeof r.data.startedAt === 'string');
  if (kind === 'call') return told.flatMap((r) => callSamples(callInput(r), tz));
  return told.flatMap((r) => chatSamples(chatInput(r), tz));
}

/** The event each call and chat tells its facts in (areas/calls/events.ts, channels' chat events). */
export const FACT_EVENT = { call: 'call.ended', chat: 'chat.ended' } as const satisfies Record<'call' | 'chat', EventType>;

type FactRow<K extends keyof typeof FACT_EVENT> = { id: string; data: Partial<EventData<(typeof FACT_EVENT)[K]>> } & TicketDims;

function callInput({ id, data: f, ...dims }: FactRow<'call'>): CallInput {
  return {
    ...dims, id, channel: f.channel ?? '', direction: f.direction ?? '', status: f.status ?? '', started_at: d(f.startedAt)!, answered_at: d(f.answeredAt),
    talk_seconds: f.talkSeconds ?? null, wrap_up_seconds: f.wrapUpSeconds ?? null, abandoned: f.abandoned === true, agent_user_id: f.agentUserId ?? null,
  };
}

function chatInput({ id, data: f, ...dims }: FactRow<'chat'>): ChatInput {
  return { ...dims, id, channel: f.channel ?? '', status: f.status ?? '', started_at: d(f.startedAt)!, first_agent_reply_at: d(f.agentJoinedAt), ended_at: d(f.endedAt) };
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}
