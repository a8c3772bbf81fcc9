/**
 * `npm run bench -- search [--tickets 100000] [--db postgres|embedded] [--runs 30]`
 *
 * Ticket search as the inbox runs it (buildInboxSql + the matching-message snippets), on the demo data
 * set, for the same words typed three ways — with accents, without, and with the other tone placement —
 * plus a customer name, part of an email domain, a ticket number and a phone fragment. Prints p50/p95
 * per query and the indexes PostgreSQL's plan used (EXPLAIN ANALYZE once each). Calls the query
 * functions in-process (no HTTP), so the figures are the database's share of a search request.
 * Never asserts timings.
 */
import { Command } from 'commander';
import { createDb } from '../src/server/core/db/client.js';
import type { Db } from '../src/server/core/db/types.js';
import { migrate } from '../src/server/core/db/migrate.js';
import { generateDemo } from '../src/server/demo/generate.js';
import { demoProgressBar } from '../src/server/demo/progress.js';
import { loadInbox, buildInboxSql } from '../src/server/areas/tickets/queries/inbox.js';
import { withMatchSnippets } from '../src/server/areas/tickets/queries/ticket-search.js';
import { InboxQuerySchema } from '../src/shared/tickets.js';
import type { AuthedActor } from '../src/server/core/http/actor.js';
import { percentile } from './load.js';
import { scratchDatabase } from './support.js';

const o = new Command()
  .name('bench search')
  .option('--tickets <n>', 'tickets to generate (the demo writes ≈1.1 per customer, ≈4.5 messages each)', '100000')
  .option('--db <kind>', 'postgres | embedded', 'postgres')
  .option('--runs <n>', 'timed runs per query (after 3 warm-up runs)', '30')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .option('--keep', 'keep the scratch database', false)
  .parse()
  .opts();

const tickets = Number(o.tickets);
const runs = Number(o.runs);
const target = await scratchDatabase(o.db === 'embedded' ? 'embedded' : 'postgres', { label: 'search', pgUrl: o.pgUrl, keep: Boolean(o.keep) });
const db = await createDb({ databaseUrl: target.databaseUrl, dataDir: target.dataDir });

try {
  await migrate(db);
  const bar = demoProgressBar('Generating');
  const t0 = performance.now();
  let demo;
  try {
    demo = await generateDemo(db, { customers: Math.round(tickets / 1.1), onProgress: bar.onProgress, log: (line) => console.log(`\n${line}`) });
  } finally {
    bar.stop();
  }
  await db.exec('ANALYZE');
  console.log(`\nGenerated ${demo.counts.tickets.toLocaleString('en')} tickets, ${demo.counts.messages.toLocaleString('en')} messages, ${demo.counts.customers.toLocaleString('en')} customers in ${((performance.now() - t0) / 1000).toFixed(0)} s (${db.kind}).`);
  await report(db, demo.workspaceId);
} finally {
  await db.close();
  await target.cleanup();
}

async function report(db: Db, workspaceId: string) {
  const admin = await db.one<{ id: string; name: string }>(`SELECT id, name FROM users WHERE workspace_id = $1 AND role = 'admin' LIMIT 1`, [workspaceId]);
  const actor: AuthedActor = { kind: 'user', id: admin.id, workspaceId, role: 'admin', name: admin.name };
  const sample = await db.one<{ number: number; name: string; phone: string }>(
    `SELECT t.number, c.name, c.phone FROM tickets t JOIN customers c ON c.id = t.customer_id
     WHERE t.workspace_id = $1 AND c.phone IS NOT NULL ORDER BY t.number DESC LIMIT 1`,
    [workspaceId],
  );
  const queries: [string, string][] = [
    ['accented', 'điều hòa'],
    ['unaccented', 'dieu hoa'],
    ['other tone placement', 'điều hoà'],
    ['rarer phrase, accented', 'lắp đặt điều hòa'],
    ['rarer phrase, unaccented', 'lap dat dieu hoa'],
    ['customer name', sample.name],
    ['part of an email domain', 'gmail'],
    ['ticket number', `#${sample.number}`],
    ['phone fragment', `0${sample.phone.slice(3, 9)}`],
    ['no match', 'xyzw không có'],
  ];
  console.log(`\nTicket search, status=all, first page of 25 with snippets — ${runs} runs each\n`);
  console.log(`${'query'.padEnd(28)}${'text'.padEnd(26)}${'found'.padStart(7)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}  indexes in the plan`);
  for (const [label, q] of queries) {
    const f = InboxQuerySchema.parse({ q, status: 'all', limit: 25 });
    const once = async () => withMatchSnippets(db, workspaceId, q, await loadInbox(db, actor, f));
    for (let i = 0; i < 3; i++) await once();
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      found = (await once()).items.length;
      times.push(performance.now() - s);
    }
    const { text, params } = buildInboxSql(workspaceId, actor, f);
    const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${text}`, params)).map((r) => r['QUERY PLAN']).join('\n');
    const indexes = [...new Set([...plan.matchAll(/(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\w+)/g)].map((m) => m[1]))]
      .filter((n) => !/_pkey$/.test(n))
      .join(', ');
    const scans = [...new Set([...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]))];
    console.log(
      `${label.padEnd(28)}${q.slice(0, 24).padEnd(26)}${String(found).padStart(7)}${percentile(times, 50).toFixed(1).padStart(9)}${percentile(times, 95).toFixed(1).padStart(9)}  ${indexes}${scans.length ? ` · seq scan: ${scans.join(', ')}` : ''}`,
    );
  }
}
