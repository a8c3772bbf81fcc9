/**
 * `npm run bench -- notifications [--tickets 100000] [--db postgres|embedded] [--runs 30]`
 *
 * On the demo data set: how long one agent's unread counts per inbox view take (the query behind the
 * tab title and the "Hộp thư" badge, refetched after inbox events), with no ticket read and with every
 * open ticket read; and how long planning the notifications of one customer message takes (who is
 * told, read by the reaction). Calls the functions in-process (no HTTP); prints p50/p95 and the plan's
 * scans once. Never asserts timings.
 */
import { Command } from 'commander';
import { createDb } from '../src/server/core/db/client.js';
import type { StoredEvent } from '../src/server/core/db/types.js';
import { migrate } from '../src/server/core/db/migrate.js';
import { generateDemo } from '../src/server/demo/generate.js';
import { demoProgressBar } from '../src/server/demo/progress.js';
import { unreadCounts } from '../src/server/areas/notifications/unread.js';
import { planNotifications } from '../src/server/areas/notifications/rules.js';
import { percentile } from './load.js';
import { scratchDatabase } from './support.js';

const o = new Command()
  .name('bench notifications')
  .option('--tickets <n>', 'tickets to generate (the demo writes ≈1.1 per customer)', '100000')
  .option('--db <kind>', 'postgres | embedded', 'postgres')
  .option('--runs <n>', 'timed runs per measure (after 3 warm-up runs)', '30')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .option('--keep', 'keep the scratch database', false)
  .parse()
  .opts();

const runs = Number(o.runs);
const target = await scratchDatabase(o.db === 'embedded' ? 'embedded' : 'postgres', { label: 'notif', pgUrl: o.pgUrl, keep: Boolean(o.keep) });
const db = await createDb({ databaseUrl: target.databaseUrl, dataDir: target.dataDir });

async function timed(label: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(58)} p50 ${percentile(ms, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(ms, 95).toFixed(1).padStart(7)} ms`);
}

try {
  await migrate(db);
  const bar = demoProgressBar('Generating');
  let demo;
  try {
    demo = await generateDemo(db, { customers: Math.round(Number(o.tickets) / 1.1), onProgress: bar.onProgress, log: (line) => console.log(`\n${line}`) });
  } finally {
    bar.stop();
  }
  const ws = demo.workspaceId;
  // The demo's staff were created before its history: back-date them so every open ticket counts.
  await db.query(`UPDATE users SET created_at = '2000-01-01' WHERE workspace_id = $1`, [ws]);
  await db.exec('ANALYZE');
  const agent = await db.one<{ id: string }>(`SELECT id FROM users WHERE workspace_id = $1 AND role = 'agent' ORDER BY created_at LIMIT 1`, [ws]);
  const open = await db.one<{ n: string }>(`SELECT count(*) AS n FROM tickets WHERE workspace_id = $1 AND status NOT IN ('resolved', 'closed') AND merged_into_id IS NULL`, [ws]);
  console.log(`\n${demo.counts.tickets.toLocaleString('en')} tickets, ${Number(open.n).toLocaleString('en')} open (${db.kind}).`);

  const before = await unreadCounts(db, ws, agent.id);
  console.log(`unread for one agent: ${JSON.stringify(before)}`);
  await timed('unread counts per view (nothing read)', () => unreadCounts(db, ws, agent.id));
  await db.query(
    `INSERT INTO ticket_reads (workspace_id, user_id, ticket_id, read_at)
     SELECT workspace_id, $2, id, now() FROM tickets WHERE workspace_id = $1 AND status NOT IN ('resolved', 'closed')`,
    [ws, agent.id],
  );
  await db.exec('ANALYZE ticket_reads');
  await timed('unread counts per view (every open ticket read)', () => unreadCounts(db, ws, agent.id));
  if (db.kind === 'postgres') {
    const plan = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN ANALYZE SELECT count(*) FROM tickets t LEFT JOIN ticket_reads r ON r.user_id = $2 AND r.ticket_id = t.id
       WHERE t.workspace_id = $1 AND t.merged_into_id IS NULL AND t.status NOT IN ('resolved', 'closed')
         AND t.last_customer_message_at > coalesce(r.read_at, '-infinity'::timestamptz)`,
      [ws, agent.id],
    );
    console.log(plan.map((r) => `  ${r['QUERY PLAN']}`).filter((l) => /Scan|Join|Execution/.test(l)).join('\n'));
  }

  // A customer message on an open ticket, as the reaction receives it (the demo writes no event rows).
  const tk = await db.one<{ id: string; customer_id: string }>(
    `SELECT id, customer_id FROM tickets WHERE workspace_id = $1 AND status NOT IN ('resolved', 'closed') AND assignee_id IS NOT NULL LIMIT 1`,
    [ws],
  );
  const event: StoredEvent = {
    id: '1', workspace_id: ws, type: 'message.created', subject_type: 'message', subject_id: tk.id, actor_type: 'system', actor_id: null,
    data: { ticketId: tk.id, customerId: tk.customer_id, direction: 'inbound', channel: 'zalo', preview: 'Alo shop', attachmentIds: [] }, created_at: new Date(),
  };
  await timed('plan who is told about one customer message', () => planNotifications(db, ws, [event]));
} finally {
  await db.close();
  await target.cleanup();
}
