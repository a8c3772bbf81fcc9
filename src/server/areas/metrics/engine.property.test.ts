import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { createTestApp, seedWorkspace, type TestApp } from '../../test/harness.js';
import { MEASURES, type MeasureKey } from '../../../shared/metrics.js';
import { measure, type MeasureFilters } from './engine.js';
import { refreshTicket, refreshSources, rebuildWorkspace } from './refresh.js';
import { RawWriter, type RawMessage } from '../../test/fixtures/metrics-raw.js';
import { exactQuantile, timeBucket, timeBucketValue } from './buckets.js';
import { addDays, dayIn } from './days.js';
import { businessMinutesBetween, type BusinessCalendar } from '../../core/lib/business-hours.js';
import { loadCalendar } from '../tickets/index.js';

/**
 * Property: for random tickets/messages/answers/calls/chats and random filters, every measure read
 * from rollups equals a direct computation over the raw rows (below, written independently of
 * samples.ts). Means and rates must match exactly (to float rounding); medians/p90 must equal the
 * exact nearest-rank quantile mapped through the same histogram bucketing, hence within a bucket.
 */
const TZ = 'Asia/Ho_Chi_Minh';
const BASE = Date.parse('2026-03-02T00:00:00+07:00');
const MIN = 60_000;

let t: TestApp;
const teams = [randomUUID(), randomUUID()];
const agents = [randomUUID(), randomUUID()];
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const ticketArb = fc.record({
  channel: pick(['email', 'webchat', 'phone']),
  team: pick([0, 1, null]),
  agent: pick([0, 1, null]),
  category: pick(['a', 'b', null]),
  priority: pick(['low', 'normal', 'urgent']),
  tags: fc.subarray(['x', 'y']),
  startMin: fc.integer({ min: 0, max: 14 * 24 * 60 }),
  messages: fc.array(fc.record({ dir: pick(['inbound', 'outbound', 'note'] as const), gap: fc.integer({ min: 1, max: 900 }) /* distinct times: equal timestamps have no order */, author: pick([0, 1]), automated: fc.boolean() }), { maxLength: 6 }),
  state: pick(['open', 'resolved', 'closed', 'reopened']),
  resolveAfterMin: fc.integer({ min: 1, max: 5000 }),
  firstDueMin: fc.option(fc.integer({ min: 1, max: 600 })),
  resolutionDueMin: fc.option(fc.integer({ min: 1, max: 3000 })),
});
const answerArb = fc.record({ type: pick(['csat', 'nps', 'ces'] as const), raw: fc.integer({ min: 0, max: 10 }), atMin: fc.integer({ min: 0, max: 14 * 24 * 60 }), agent: pick([0, 1, null]), team: pick([0, 1, null]), channel: pick(['email', 'webchat']), ticket: fc.option(fc.nat()) });
const callArb = fc.record({ direction: pick(['inbound', 'outbound'] as const), status: pick(['ended', 'missed', 'ringing'] as const), atMin: fc.integer({ min: 0, max: 14 * 24 * 60 }), talk: fc.integer({ min: 0, max: 4000 }), wrap: fc.option(fc.integer({ min: 0, max: 300 })), abandoned: fc.boolean(), agent: pick([0, 1, null]), ticket: fc.option(fc.nat()) });
const chatArb = fc.record({ status: pick(['open', 'ended', 'abandoned'] as const), atMin: fc.integer({ min: 0, max: 14 * 24 * 60 }), replyAfter: fc.option(fc.integer({ min: 0, max: 30 })), len: fc.integer({ min: 1, max: 120 }), ticket: fc.nat() });
const filterArb = fc.record({
  fromDay: fc.integer({ min: 0, max: 13 }),
  len: fc.integer({ min: 0, max: 10 }),
  channel: fc.option(pick(['email', 'webchat', 'phone']), { nil: undefined, freq: 3 }),
  team: fc.option(pick([0, 1]), { nil: undefined, freq: 3 }),
  agent: fc.option(pick([0, 1]), { nil: undefined, freq: 3 }),
  category: fc.option(pick(['a', 'b']), { nil: undefined, freq: 3 }),
  priority: fc.option(pick(['low', 'urgent']), { nil: undefined, freq: 3 }),
  tag: fc.option(pick(['x', 'y']), { nil: undefined, freq: 3 }),
});
const datasetArb = fc.record({
  tickets: fc.array(ticketArb, { minLength: 1, maxLength: 12 }),
  answers: fc.array(answerArb, { maxLength: 10 }),
  calls: fc.array(callArb, { maxLength: 6 }),
  chats: fc.array(chatArb, { maxLength: 5 }),
  filters: fc.array(filterArb, { minLength: 3, maxLength: 5 }),
  rebuild: fc.boolean(),
});

/** The raw rows as written, kept for the direct computation (answers, calls and chats with their ticket). */
interface Ticket {
  id: string;
  channel: string;
  status: string;
  priority: string;
  category: string | null;
  teamId: string | null;
  assigneeId: string | null;
  tags: string[];
  createdAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  reopenCount: number;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  msgs: RawMessage[];
  events: { from: string; to: string; at: Date }[];
}
interface Raw {
  tickets: Ticket[];
  answers: { type: string; score: number; at: Date; agentId: string | null; teamId: string | null; channel: string; ticketId: string | null; ticket: Ticket | null }[];
  calls: {
    direction: string; status: string; startedAt: Date; answeredAt: Date | null; talk: number | null; wrapUp: number | null; abandoned: boolean;
    agentId: string | null; ticketId: string | null; ticket: Ticket | null;
  }[];
  chats: { ticketId: string; status: string; startedAt: Date; firstAgentReplyAt: Date | null; endedAt: Date | null; ticket: Ticket }[];
}

type Val = { value: number | null; n: number; mean?: number | null; median?: number | null; p90?: number | null };

describe('rollups equal a direct computation over raw rows', () => {
  it('for random data and filters, every measure', async () => {
    await fc.assert(
      fc.asyncProperty(datasetArb, async (data) => {
        const ws = (await seedWorkspace(t)).workspaceId;
        const db = t.ctx.db;
        await db.query(`INSERT INTO teams (id, workspace_id, name) VALUES ($1, $3, 'A'), ($2, $3, 'B') ON CONFLICT DO NOTHING`, [teams[0], teams[1], ws]).catch(async () => {
          throw new Error('teams');
        });
        await db.query(`INSERT INTO users (id, workspace_id, email, name, password_hash, role) VALUES ($1, $3, $4, 'A', 'x', 'agent'), ($2, $3, $5, 'B', 'x', 'agent') ON CONFLICT DO NOTHING`, [agents[0], agents[1], ws, `${agents[0]}@x.vn`, `${agents[1]}@x.vn`]).catch(() => undefined);
        const w = new RawWriter(db, ws);
        const now = new Date();
        const raw: Raw = { tickets: [], answers: [], calls: [], chats: [] };
        for (const tk of data.tickets) {
          const created = new Date(BASE + tk.startMin * MIN);
          let at = created.getTime();
          const msgs: RawMessage[] = [{ direction: 'inbound', at: created }];
          for (const m of tk.messages) {
            at += m.gap * MIN;
            msgs.push({ direction: m.dir, at: new Date(at), authorId: m.dir === 'inbound' ? null : agents[m.author], automated: m.dir === 'outbound' && m.automated });
          }
          const done = tk.state !== 'open';
          const resolvedAt = done ? new Date(created.getTime() + tk.resolveAfterMin * MIN) : null;
          const events = tk.state === 'reopened' ? [
            { from: 'responded', to: 'resolved', at: new Date(created.getTime() + MIN) },
            { from: 'resolved', to: 'received', at: new Date(created.getTime() + 2 * MIN) },
            { from: 'received', to: 'resolved', at: resolvedAt! },
          ] : done ? [{ from: 'responded', to: tk.state, at: resolvedAt! }] : [];
          const row = {
            channel: tk.channel, status: tk.state === 'open' ? 'routed' : tk.state === 'closed' ? 'closed' : 'resolved', priority: tk.priority, category: tk.category,
            teamId: tk.team === null ? null : teams[tk.team], assigneeId: tk.agent === null ? null : agents[tk.agent], tags: tk.tags, createdAt: created,
            resolvedAt, closedAt: tk.state === 'closed' ? resolvedAt : null, reopenCount: tk.state === 'reopened' ? 1 : 0,
            firstResponseDueAt: tk.firstDueMin === null ? null : new Date(created.getTime() + tk.firstDueMin * MIN),
            resolutionDueAt: tk.resolutionDueMin === null ? null : new Date(created.getTime() + tk.resolutionDueMin * MIN),
          };
          const id = await w.ticket(row, msgs, events);
          raw.tickets.push({ id, ...row, msgs, events });
        }
        const ticketOf = (i: number | null) => (i === null ? null : raw.tickets[i % raw.tickets.length]);
        for (const a of data.answers) {
          const score = a.type === 'csat' ? 1 + (a.raw % 5) : a.type === 'ces' ? 1 + (a.raw % 7) : a.raw;
          const tk = ticketOf(a.ticket);
          const row = { type: a.type, score, at: new Date(BASE + a.atMin * MIN), agentId: a.agent === null ? null : agents[a.agent], teamId: a.team === null ? null : teams[a.team], channel: a.channel, ticketId: tk?.id ?? null };
          await w.answer(row);
          raw.answers.push({ ...row, ticket: tk });
        }
        for (const c of data.calls) {
          const tk = ticketOf(c.ticket);
          const answered = c.status !== 'missed';
          const row = { direction: c.direction, status: c.status, startedAt: new Date(BASE + c.atMin * MIN), answeredAt: answered ? new Date(BASE + c.atMin * MIN) : null, talk: answered && c.status === 'ended' ? c.talk : null, wrapUp: c.wrap, abandoned: c.status === 'missed' && c.abandoned, agentId: c.agent === null ? null : agents[c.agent], ticketId: tk?.id ?? null };
          await w.call(row);
          raw.calls.push({ ...row, ticket: tk });
        }
        for (const c of data.chats) {
          const tk = ticketOf(c.ticket)!;
          const start = BASE + c.atMin * MIN;
          const row = { ticketId: tk.id, status: c.status, startedAt: new Date(start), firstAgentReplyAt: c.replyAfter === null ? null : new Date(start + c.replyAfter * MIN), endedAt: c.status === 'open' ? null : new Date(start + c.len * MIN) };
          await w.chat(row);
          raw.chats.push({ ...row, ticket: tk });
        }
        // Two ways to fill rollups: the backfill, or the event path (refresh per source, folded on read).
        if (data.rebuild) await rebuildWorkspace(db, ws);
        else {
          await refreshTicket(db, ws, raw.tickets.map((x) => x.id));
          const ids = async (table: string) => (await db.query<{ id: string }>(`SELECT id FROM ${table} WHERE workspace_id = $1`, [ws])).map((r) => r.id);
          await refreshSources(db, ws, 'answer', await ids('survey_answers'));
          await refreshSources(db, ws, 'call', await ids('calls'));
        }
        const cal = await loadCalendar(db, ws);
        // The whole range without filters first (so every run compares non-empty figures), then random filters.
        for (const f of [{ fromDay: 0, len: 15 }, ...data.filters] as typeof data.filters) {
          const from = addDays('2026-03-02', f.fromDay);
          const filters: MeasureFilters = {
            from, to: addDays(from, f.len), channel: f.channel, teamId: f.team === undefined ? undefined : teams[f.team], agentId: f.agent === undefined ? undefined : agents[f.agent],
            category: f.category, priority: f.priority, tag: f.tag,
          };
          for (const key of MEASURES) {
            const got = await measure(db, ws, key, filters);
            const want = direct(raw, filters, key, cal, now);
            expect({ key, n: got.n }).toEqual({ key, n: want.n });
            if (want.value === null) expect(got.value).toBeNull();
            else expect(got.value, key).toBeCloseTo(want.value, 6);
            if (want.median !== undefined) {
              expect(got.median, `${key} median`).toBe(want.median);
              expect(got.p90, `${key} p90`).toBe(want.p90);
            }
          }
        }
      }),
      { numRuns: Number(process.env.METRICS_PROPERTY_RUNS ?? 6), endOnFailure: true },
    );
  }, 600_000);
});

/** The direct computation: each measure straight from the raw rows, per PRODUCT.md §4. */
function direct(raw: Raw, f: MeasureFilters, key: MeasureKey, cal: BusinessCalendar, now: Date): Val {
  const from = f.from as string;
  const to = f.to as string;
  const day = (d: Date) => dayIn(d, TZ);
  const inP = (d: Date) => day(d) >= from && day(d) <= to;
  const match = (dims: { channel: string; team: string | null; agent: string | null; category: string | null; priority: string | null; tags: string[] }) =>
    (f.channel === undefined || dims.channel === f.channel) && (f.teamId === undefined || dims.team === f.teamId) && (f.agentId === undefined || dims.agent === f.agentId) &&
    (f.category === undefined || (dims.category ?? '') === f.category) && (f.priority === undefined || (dims.priority ?? '') === f.priority) && (f.tag === undefined || dims.tags.includes(f.tag));
  const tdims = (t: Ticket, agent: string | null = t?.assigneeId ?? null) => ({ channel: t.channel, team: t.teamId, agent, category: t.category, priority: t.priority, tags: t.tags });
  const secs = (a: Date, b: Date) => Math.round((b.getTime() - a.getTime()) / 1000);
  const isReply = (m: RawMessage) => m.direction === 'outbound' && !m.automated;
  const values: number[] = [];
  const tickets = raw.tickets;
  const done = (t: Ticket) => t.status === 'resolved' || t.status === 'closed';
  switch (key) {
    case 'volume': {
      const n = tickets.filter((t) => inP(t.createdAt) && match(tdims(t))).length;
      return { value: n, n };
    }
    case 'backlog': {
      const n = tickets.filter((t) => day(t.createdAt) <= to && match(tdims(t)) && !(done(t) && day((t.resolvedAt ?? t.closedAt)!) <= to)).length;
      return { value: n, n };
    }
    case 'frt':
    case 'frt_business':
      for (const t of tickets) {
        const first = t.msgs.find((m: RawMessage) => m.direction === 'inbound');
        const reply = t.msgs.find((m: RawMessage) => isReply(m) && m.at >= first!.at);
        if (!reply || !inP(t.createdAt) || !match(tdims(t, reply.authorId))) continue;
        values.push(key === 'frt' ? secs(first!.at, reply.at) : Math.round(businessMinutesBetween(first!.at, reply.at, cal) * 60));
      }
      return timeValue(values);
    case 'response_time':
      for (const t of tickets) {
        t.msgs.forEach((m: RawMessage, i: number) => {
          if (m.direction !== 'inbound') return;
          const next = t.msgs.slice(i + 1).find(isReply);
          if (next && inP(next.at) && match(tdims(t, next.authorId))) values.push(secs(m.at, next.at));
        });
      }
      return timeValue(values);
    case 'resolution_time':
    case 'fcr':
    case 'reopen_rate': {
      for (const t of tickets) {
        if (!done(t) || !t.resolvedAt || !inP(t.resolvedAt) || !match(tdims(t))) continue;
        if (key === 'resolution_time') values.push(secs(t.createdAt, t.resolvedAt));
        else if (key === 'reopen_rate') values.push(t.reopenCount > 0 ? 1 : 0);
        else values.push(t.msgs.filter(isReply).length === 1 && t.reopenCount === 0 ? 1 : 0); // reopens here happen within minutes
      }
      return key === 'resolution_time' ? timeValue(values) : rate(values);
    }
    case 'sla_first_response':
    case 'sla_resolution':
      for (const t of tickets) {
        if (!inP(t.createdAt) || !match(tdims(t))) continue;
        if (key === 'sla_first_response' && t.firstResponseDueAt) {
          const first = t.msgs.find((m: RawMessage) => m.direction === 'inbound');
          const reply = t.msgs.find((m: RawMessage) => isReply(m) && m.at >= first!.at);
          if (reply) values.push(reply.at <= t.firstResponseDueAt ? 1 : 0);
          else if (now > t.firstResponseDueAt) values.push(0);
        }
        if (key === 'sla_resolution' && t.resolutionDueAt) {
          const r = done(t) ? t.resolvedAt : null;
          if (r) values.push(r <= t.resolutionDueAt ? 1 : 0);
          else if (now > t.resolutionDueAt) values.push(0);
        }
      }
      return rate(values);
    case 'csat':
    case 'nps':
    case 'ces': {
      for (const a of raw.answers) {
        if (a.type !== key || !inP(a.at)) continue;
        if (!match({ channel: a.channel, team: a.teamId, agent: a.agentId, category: a.ticket?.category ?? '', priority: a.ticket?.priority ?? '', tags: a.ticket?.tags ?? [] })) continue;
        values.push(a.score);
      }
      const n = values.length;
      if (n === 0) return { value: null, n: 0 };
      const mean = values.reduce((s, v) => s + v, 0) / n;
      if (key === 'csat') return { value: (values.filter((v) => v >= 4).length / n) * 100, n, mean };
      if (key === 'nps') return { value: ((values.filter((v) => v >= 9).length - values.filter((v) => v <= 6).length) / n) * 100, n };
      return { value: mean, n, mean };
    }
    case 'aht_call':
    case 'abandoned_call':
      for (const c of raw.calls) {
        const tk = c.ticket;
        if (!inP(c.startedAt) || !match({ channel: 'phone', team: tk?.teamId ?? null, agent: c.agentId, category: tk?.category ?? '', priority: tk?.priority ?? '', tags: tk?.tags ?? [] })) continue;
        if (key === 'aht_call' && c.answeredAt && c.status === 'ended' && c.talk !== null) values.push(c.talk + (c.wrapUp ?? 0));
        if (key === 'abandoned_call' && c.direction === 'inbound' && (c.status === 'ended' || c.status === 'missed')) values.push(c.abandoned ? 1 : 0);
      }
      return key === 'aht_call' ? timeValue(values) : rate(values);
    case 'aht_chat':
    case 'abandoned_chat':
      for (const c of raw.chats) {
        const tk = c.ticket;
        if (!inP(c.startedAt) || !match({ channel: 'webchat', team: tk.teamId, agent: tk.assigneeId, category: tk.category, priority: tk.priority, tags: tk.tags })) continue;
        if (key === 'aht_chat' && c.status === 'ended' && c.firstAgentReplyAt && c.endedAt) values.push(Math.max(0, secs(c.firstAgentReplyAt, c.endedAt)));
        if (key === 'abandoned_chat' && c.status !== 'open') values.push(c.status === 'abandoned' ? 1 : 0);
      }
      return key === 'aht_chat' ? timeValue(values) : rate(values);
  }
}

function rate(values: number[]): Val {
  if (values.length === 0) return { value: null, n: 0 };
  return { value: (values.filter((v) => v === 1).length / values.length) * 100, n: values.length };
}

function timeValue(values: number[]): Val {
  if (values.length === 0) return { value: null, n: 0, median: null, p90: null };
  const b = (q: number) => timeBucketValue(timeBucket(exactQuantile(values, q)!));
  return { value: values.reduce((s, v) => s + v, 0) / values.length, n: values.length, median: b(0.5), p90: b(0.9) };
}
