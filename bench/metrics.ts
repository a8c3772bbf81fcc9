/**
 * `npm run bench -- metrics [--tickets 100000] [--db embedded|postgres] [--answers-per-ticket 0.3] [--runs 30]`
 *
 * The metrics engine at scale: a scratch database filled by the demo generator (customers → tickets,
 * messages, events) plus survey answers, calls and web chats written with the same batched unnest
 * inserts, folded into rollups by the backfill (timed), then:
 * - the overview (every KPI, previous period, daily series) for the last 90 days: p50/p95;
 * - one agent's scorecard for 90 days: p50/p95;
 * - folding 10k new events (new messages on existing tickets, as the processor would see them):
 *   refresh the touched tickets' samples and fold their days — total seconds and events/s.
 * Full scale (issue 4): --tickets 1000000 --db postgres (≈10M messages, 300k answers). Prints figures; never asserts.
 */
import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { createDb } from '../src/server/core/db/client.js';
import { migrate } from '../src/server/core/db/migrate.js';
import { generateDemo } from '../src/server/demo/generate.js';
import { demoProgressBar } from '../src/server/demo/progress.js';
import { bulkInsert, type BulkColumn } from '../src/server/core/db/bulk-insert.js';
import type { Db } from '../src/server/core/db/types.js';
import { rebuildWorkspace, refreshTicket, foldDirty } from '../src/server/areas/metrics/index.js';
import { overview, scorecard } from '../src/server/areas/metrics/index.js';
import { dayIn, addDays } from '../src/server/areas/metrics/index.js';
import { sourcesOf } from '../src/server/areas/metrics/index.js';
import type { StoredEvent } from '../src/server/core/db/types.js';
import { scratchDatabase } from './support.js';

const o = new Command()
  .name('bench metrics')
  .option('--tickets <n>', 'tickets to generate (≈1.1 per customer)', '100000')
  .option('--db <kind>', 'embedded | postgres', 'postgres')
  .option('--answers-per-ticket <r>', 'survey answers per ticket (CSAT 70 %, NPS 20 %, CES 10 %)', '0.3')
  .option('--runs <n>', 'timed requests per figure', '30')
  .option('--events <n>', 'new events to fold', '10000')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .option('--keep', 'keep the scratch database', false)
  .parse()
  .opts();
const opts = { tickets: Number(o.tickets), db: o.db as 'embedded' | 'postgres', answers: Number(o.answersPerTicket), runs: Number(o.runs), events: Number(o.events), pgUrl: o.pgUrl as string, keep: !!o.keep };

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)];
async function timeIt(runs: number, fn: () => Promise<unknown>) {
  await fn(); // warm
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    ms.push(performance.now() - s);
  }
  return `p50 ${pct(ms, 0.5).toFixed(1)} ms, p95 ${pct(ms, 0.95).toFixed(1)} ms (${runs} runs)`;
}

interface TicketRow {
  id: string;
  customer_id: string;
  channel: string;
  assignee_id: string | null;
  team_id: string | null;
  created_at: Date;
}
type SurveyType = 'csat' | 'nps' | 'ces';

/** Survey answers, calls and chats for a sample of the demo's tickets (bench-only, batched inserts). */
async function addSurveysCallsChats(db: Db, ws: string) {
  const tickets = await db.query<TicketRow>(
    `SELECT id, customer_id, channel, assignee_id, team_id, created_at FROM tickets WHERE workspace_id = $1 AND merged_into_id IS NULL`,
    [ws],
  );
  const rnd = mulberry(7);
  const templates: Record<string, string> = {};
  for (const type of ['csat', 'nps', 'ces']) {
    templates[type] = randomUUID();
    await db.query(`INSERT INTO survey_templates (id, workspace_id, type, name, questions) VALUES ($1, $2, $3, $3, '[]')`, [templates[type], ws, type]);
  }
  const requests: { id: string; t: TicketRow; type: SurveyType; at: Date }[] = [];
  const answers: { id: string; request: string; t: TicketRow; type: SurveyType; score: number; at: Date }[] = [];
  for (const t of tickets) {
    if (rnd() >= opts.answers) continue;
    const r = rnd();
    const type: SurveyType = r < 0.7 ? 'csat' : r < 0.9 ? 'nps' : 'ces';
    const score = type === 'csat' ? 1 + Math.floor(rnd() ** 0.5 * 5) : type === 'nps' ? Math.floor(rnd() ** 0.6 * 11) : 1 + Math.floor(rnd() * 7);
    const at = new Date(new Date(t.created_at).getTime() + 86_400_000 * rnd());
    const id = randomUUID();
    requests.push({ id, t, type, at });
    answers.push({ id: randomUUID(), request: id, t, type, score, at });
  }
  await bulkInsert(db, 'survey_requests', { workspace_id: ws }, [
    { name: 'id', type: 'uuid', get: (r) => r.id },
    { name: 'template_id', type: 'uuid', get: (r) => templates[r.type] },
    { name: 'type', type: 'text', get: (r) => r.type },
    { name: 'customer_id', type: 'uuid', get: (r) => r.t.customer_id },
    { name: 'ticket_id', type: 'uuid', get: (r) => r.t.id },
    { name: 'agent_id', type: 'uuid', get: (r) => r.t.assignee_id },
    { name: 'team_id', type: 'uuid', get: (r) => r.t.team_id },
    { name: 'channel', type: 'text', get: (r) => r.t.channel },
    { name: 'reason', type: 'text', get: () => 'ticket_resolved' },
    { name: 'token_hash', type: 'text', get: (r) => r.id },
    { name: 'status', type: 'text', get: () => 'answered' },
    { name: 'sent_at', type: 'timestamptz', get: (r) => r.at.getTime() },
    { name: 'expires_at', type: 'timestamptz', get: (r) => r.at.getTime() + 14 * 86_400_000 },
  ], requests);
  await bulkInsert(db, 'survey_answers', { workspace_id: ws }, [
    { name: 'id', type: 'uuid', get: (a) => a.id },
    { name: 'request_id', type: 'uuid', get: (a) => a.request },
    { name: 'template_id', type: 'uuid', get: (a) => templates[a.type] },
    { name: 'type', type: 'text', get: (a) => a.type },
    { name: 'score', type: 'int', get: (a) => a.score },
    { name: 'customer_id', type: 'uuid', get: (a) => a.t.customer_id },
    { name: 'ticket_id', type: 'uuid', get: (a) => a.t.id },
    { name: 'agent_id', type: 'uuid', get: (a) => a.t.assignee_id },
    { name: 'team_id', type: 'uuid', get: (a) => a.t.team_id },
    { name: 'channel', type: 'text', get: (a) => a.t.channel },
    { name: 'answered_at', type: 'timestamptz', get: (a) => a.at.getTime() },
  ], answers);
  const phone = tickets.filter((t) => t.channel === 'phone' || rnd() < 0.05);
  const calls = phone.map((t) => {
    const missed = rnd() < 0.15;
    const start = new Date(t.created_at).getTime();
    return { id: randomUUID(), t, missed, abandoned: missed && rnd() < 0.7, start, talk: Math.floor(60 + rnd() * 600), wrap: Math.floor(rnd() * 120) };
  });
  await bulkInsert(db, 'calls', { workspace_id: ws }, [
    { name: 'id', type: 'uuid', get: (c) => c.id },
    { name: 'external_id', type: 'text', get: (c) => `bench:${c.id}` },
    { name: 'direction', type: 'text', get: () => 'inbound' },
    { name: 'customer_id', type: 'uuid', get: (c) => c.t.customer_id },
    { name: 'agent_user_id', type: 'uuid', get: (c) => (c.missed ? null : c.t.assignee_id) },
    { name: 'status', type: 'text', get: (c) => (c.missed ? 'missed' : 'ended') },
    { name: 'started_at', type: 'timestamptz', get: (c) => c.start },
    { name: 'answered_at', type: 'timestamptz', get: (c) => (c.missed ? null : c.start + 10_000) },
    { name: 'ended_at', type: 'timestamptz', get: (c) => c.start + 10_000 + c.talk * 1000 },
    { name: 'talk_seconds', type: 'int', get: (c) => (c.missed ? null : c.talk) },
    { name: 'wrap_up_seconds', type: 'int', get: (c) => (c.missed ? null : c.wrap) },
    { name: 'missed', type: 'boolean', get: (c) => c.missed },
    { name: 'abandoned', type: 'boolean', get: (c) => c.abandoned },
    { name: 'ticket_id', type: 'uuid', get: (c) => c.t.id },
  ], calls);
  // What metrics read: the facts each call tells in its call.ended event (areas/calls/events.ts).
  const iso = (ms: number) => new Date(ms).toISOString();
  await bulkInsert(db, 'events', { workspace_id: ws }, factEventColumns('call.ended', 'call'), calls.map((c) => ({
    id: c.id, at: c.start + 10_000 + c.talk * 1000,
    data: {
      ticketId: c.t.id, messageId: null, channel: 'phone', direction: 'inbound', status: c.missed ? 'missed' : 'ended', startedAt: iso(c.start),
      answeredAt: c.missed ? null : iso(c.start + 10_000), endedAt: iso(c.start + 10_000 + c.talk * 1000), waitSeconds: 10,
      talkSeconds: c.missed ? null : c.talk, wrapUpSeconds: c.missed ? null : c.wrap, abandoned: c.abandoned, agentUserId: c.missed ? null : c.t.assignee_id,
    },
  })));
  const chatTickets = tickets.filter((t) => t.channel === 'webchat');
  let chats = 0;
  if (chatTickets.length) {
    const account = randomUUID();
    await db.query(`INSERT INTO channel_accounts (id, workspace_id, kind, name, address) VALUES ($1, $2, 'webchat', 'Bench chat', 'bench-chat')`, [account, ws]);
    const rows = chatTickets.map((t) => {
      const r = rnd();
      const start = new Date(t.created_at).getTime();
      return { id: randomUUID(), visitor: randomUUID(), t, status: r < 0.1 ? 'abandoned' : 'ended', start, reply: start + Math.floor(rnd() * 300_000), end: start + 300_000 + Math.floor(rnd() * 1_800_000) };
    });
    await bulkInsert(db, 'webchat_visitors', { workspace_id: ws }, [
      { name: 'id', type: 'uuid', get: (c) => c.visitor },
      { name: 'account_id', type: 'uuid', get: () => account },
      { name: 'token_hash', type: 'text', get: (c) => c.visitor },
      { name: 'customer_id', type: 'uuid', get: (c) => c.t.customer_id },
    ], rows);
    await bulkInsert(db, 'webchat_conversations', { workspace_id: ws }, [
      { name: 'id', type: 'uuid', get: (c) => c.id },
      { name: 'account_id', type: 'uuid', get: () => account },
      { name: 'visitor_id', type: 'uuid', get: (c) => c.visitor },
      { name: 'ticket_id', type: 'uuid', get: (c) => c.t.id },
      { name: 'status', type: 'text', get: (c) => c.status },
      { name: 'started_at', type: 'timestamptz', get: (c) => c.start },
      { name: 'first_agent_reply_at', type: 'timestamptz', get: (c) => (c.status === 'abandoned' ? null : c.reply) },
      { name: 'last_visitor_message_at', type: 'timestamptz', get: (c) => c.start },
      { name: 'ended_at', type: 'timestamptz', get: (c) => c.end },
    ], rows);
    // And the chat.ended event each chat tells its facts in (channels/webchat/events.ts).
    await bulkInsert(db, 'events', { workspace_id: ws }, factEventColumns('chat.ended', 'chat'), rows.map((c) => ({
      id: c.id, at: c.end,
      data: {
        ticketId: c.t.id, channel: 'webchat', status: c.status, reason: c.status === 'abandoned' ? 'abandoned' : 'visitor', startedAt: iso(c.start),
        agentJoinedAt: c.status === 'abandoned' ? null : iso(c.reply), endedAt: iso(c.end), waitSeconds: Math.round(((c.status === 'abandoned' ? c.end : c.reply) - c.start) / 1000),
      },
    })));
    chats = rows.length;
  }
  return { answers: answers.length, calls: calls.length, chats };
}

/** Columns of a fact event (call.ended, chat.ended) about one call or chat. */
function factEventColumns(type: string, subjectType: string): BulkColumn<{ id: string; at: number; data: unknown }>[] {
  return [
    { name: 'type', type: 'text', get: () => type },
    { name: 'subject_type', type: 'text', get: () => subjectType },
    { name: 'subject_id', type: 'uuid', get: (e) => e.id },
    { name: 'actor_type', type: 'text', get: () => 'system' },
    { name: 'data', type: 'jsonb', get: (e) => JSON.stringify(e.data) },
    { name: 'created_at', type: 'timestamptz', get: (e) => e.at },
  ];
}

function mulberry(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function main() {
  const scratch = await scratchDatabase(opts.db, { label: 'metrics', pgUrl: opts.pgUrl, keep: opts.keep });
  const db = await createDb({ databaseUrl: scratch.databaseUrl, dataDir: scratch.dataDir });
  try {
    await migrate(db);
    const bar = demoProgressBar('Generating');
    const demo = await generateDemo(db, { customers: Math.ceil(opts.tickets / 1.11), onProgress: bar.onProgress, log: (l) => console.log(`\n${l}`) }).finally(() => bar.stop());
    const ws = demo.workspaceId;
    const extra = await addSurveysCallsChats(db, ws);
    await db.query('ANALYZE');
    console.log(`\nData (${opts.db}): ${demo.counts.tickets} tickets, ${demo.counts.messages} messages, ${extra.answers} survey answers, ${extra.calls} calls, ${extra.chats} chats`);

    let s = performance.now();
    const r = await rebuildWorkspace(db, ws, (done, total, phase) => {
      if (done % 50_000 < 2000) process.stdout.write(`\rbackfill ${phase} ${done}/${total}   `);
    });
    const rollups = Number((await db.one<{ n: number }>(`SELECT count(*) AS n FROM metric_rollups WHERE workspace_id = $1`, [ws])).n);
    console.log(`\nBackfill (cli metrics rebuild): ${r.samples} samples → ${rollups} rollup rows over ${r.days} days in ${((performance.now() - s) / 1000).toFixed(1)} s`);

    const to = dayIn(new Date(), 'Asia/Ho_Chi_Minh');
    const from = addDays(to, -89);
    console.log(`Overview, 90 days (${from} … ${to}), all ${17} KPIs + previous period + daily series: ${await timeIt(opts.runs, () => overview(db, ws, { from, to }, 'day'))}`);
    const agent = await db.one<{ id: string }>(
      `SELECT assignee_id AS id FROM tickets WHERE workspace_id = $1 AND assignee_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      [ws],
    );
    console.log(`Agent scorecard, 90 days: ${await timeIt(opts.runs, () => scorecard(db, ws, agent.id, { from, to }))}`);

    // 10k new events: customer messages and agent replies on recent open tickets, then the processor's work.
    const targets = await db.query<{ id: string; customer_id: string; channel: string; assignee_id: string | null }>(
      `SELECT id, customer_id, channel, assignee_id FROM tickets WHERE workspace_id = $1 ORDER BY created_at DESC LIMIT $2`,
      [ws, Math.ceil(opts.events / 2)],
    );
    const now = Date.now();
    const msgs = Array.from({ length: opts.events }, (_, i) => {
      const t = targets[i % targets.length];
      const reply = i % 2 === 1;
      return { id: randomUUID(), t, direction: reply ? 'outbound' : 'inbound', author: reply ? t.assignee_id : null, at: now + i };
    });
    await bulkInsert(db, 'messages', { workspace_id: ws }, [
      { name: 'id', type: 'uuid', get: (m) => m.id },
      { name: 'ticket_id', type: 'uuid', get: (m) => m.t.id },
      { name: 'customer_id', type: 'uuid', get: (m) => m.t.customer_id },
      { name: 'direction', type: 'text', get: (m) => m.direction },
      { name: 'author_user_id', type: 'uuid', get: (m) => m.author },
      { name: 'channel', type: 'text', get: (m) => m.t.channel },
      { name: 'body', type: 'text', get: () => 'bench' },
      { name: 'created_at', type: 'timestamptz', get: (m) => m.at },
    ], msgs);
    const events: StoredEvent[] = msgs.map((m, i) => ({
      id: String(i), workspace_id: ws, type: 'message.created', subject_type: 'message', subject_id: m.id, actor_type: 'system', actor_id: null,
      data: { ticketId: m.t.id, direction: m.direction }, created_at: new Date(m.at),
    }));
    s = performance.now();
    // As the processor receives them: committed batches (here 100 events each).
    for (let i = 0; i < events.length; i += 100) {
      for (const [w, src] of sourcesOf(events.slice(i, i + 100))) await refreshTicket(db, w, [...src.tickets]);
    }
    const refreshed = performance.now() - s;
    const days = await foldDirty(db, ws);
    const total = (performance.now() - s) / 1000;
    console.log(`Fold ${opts.events} new events (${targets.length} tickets, batches of 100): samples ${(refreshed / 1000).toFixed(1)} s + rollups ${days} day(s) → ${total.toFixed(1)} s, ${Math.round(opts.events / total)} events/s`);
  } finally {
    await db.close();
    await scratch.cleanup();
  }
}

await main();
