/**
 * `npm run bench -- retention [--orders 1000000] [--customers 300000] [--db postgres|embedded] [--runs 30]`
 *
 * Retention and value at scale (issue 12): a scratch database with customers (segments, an identity
 * giving the channel of acquisition) and orders over two years (repeat buyers, cancellations, returns)
 * written with batched unnest inserts, then:
 * - the backfill (rebuildRetention): customers/s;
 * - the CRR/churn/CLV dashboard (GET /api/metrics/retention's work: period + previous + monthly series +
 *   by channel + by segment) for the last 365 days: p50/p95; with a channel filter; service ↔ value; the
 *   at-risk list's first page; one customer's value;
 * - refreshing 1,000 customers after an order each (the reaction's work) and folding their days.
 * Prints figures; never asserts.
 */
import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { createDb } from '../src/server/core/db/client.js';
import { migrate } from '../src/server/core/db/migrate.js';
import type { Db } from '../src/server/core/db/types.js';
import { customerValue, ensureRetentionFolded, rebuildRetention, refreshCustomers, retentionReport } from '../src/server/areas/metrics/index.js';
import { serviceValue } from '../src/server/areas/metrics/retention/report.js';
import { atRisk } from '../src/server/areas/metrics/retention/at-risk.js';
import { rebuildOrderSummaries } from '../src/server/areas/orders/index.js';
import { scratchDatabase } from './support.js';

const o = new Command()
  .name('bench retention')
  .option('--orders <n>', 'orders to write', '1000000')
  .option('--customers <n>', 'customers', '300000')
  .option('--db <kind>', 'embedded | postgres', 'postgres')
  .option('--runs <n>', 'timed requests per figure', '30')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .option('--keep', 'keep the scratch database', false)
  .parse()
  .opts();
const opts = { orders: Number(o.orders), customers: Number(o.customers), db: o.db as 'embedded' | 'postgres', runs: Number(o.runs), pgUrl: o.pgUrl as string, keep: !!o.keep };

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)];
async function timeIt(runs: number, fn: () => Promise<unknown>) {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    ms.push(performance.now() - s);
  }
  return `p50 ${pct(ms, 0.5).toFixed(1)} ms, p95 ${pct(ms, 0.95).toFixed(1)} ms (${runs} runs)`;
}
function mulberry(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEGMENTS = [null, 'Khách lẻ', 'Khách thân thiết', 'Khách VIP', 'Doanh nghiệp'];
const KINDS = ['phone', 'zalo', 'messenger', 'email', 'webchat'];

async function fill(db: Db, ws: string) {
  const rnd = mulberry(11);
  const ids: string[] = [];
  for (let start = 0; start < opts.customers; start += 10_000) {
    const n = Math.min(10_000, opts.customers - start);
    const batch = Array.from({ length: n }, () => randomUUID());
    ids.push(...batch);
    const seg = batch.map(() => SEGMENTS[Math.floor(rnd() * SEGMENTS.length)]);
    await db.query(`INSERT INTO customers (id, workspace_id, name, segment) SELECT u.id, $1, 'Khách', u.seg FROM unnest($2::uuid[], $3::text[]) AS u(id, seg)`, [ws, batch, seg]);
    await db.query(
      `INSERT INTO customer_identities (id, workspace_id, customer_id, kind, value) SELECT gen_random_uuid(), $1, u.id, u.kind, u.id::text FROM unnest($2::uuid[], $3::text[]) AS u(id, kind)`,
      [ws, batch, batch.map(() => KINDS[Math.floor(rnd() * KINDS.length)])],
    );
  }
  const now = Date.now();
  const span = 730 * 86_400_000;
  let written = 0;
  const t0 = performance.now();
  while (written < opts.orders) {
    const n = Math.min(20_000, opts.orders - written);
    const cust: string[] = [], status: string[] = [], total: string[] = [], at: string[] = [], code: string[] = [];
    for (let i = 0; i < n; i++) {
      // Skewed: a third of customers place most orders (repeat buyers).
      const r = rnd();
      const c = r < 0.7 ? Math.floor(rnd() * ids.length * 0.3) : Math.floor(rnd() * ids.length);
      cust.push(ids[c]);
      const s = rnd();
      status.push(s < 0.06 ? 'cancelled' : s < 0.09 ? 'returned' : s < 0.15 ? 'shipping' : s < 0.2 ? 'delivered' : 'completed');
      total.push(String(Math.round((0.2 + rnd() * 20) * 1000) * 1000));
      at.push(new Date(now - rnd() * span).toISOString());
      code.push(`B${written + i}`);
    }
    await db.query(
      `INSERT INTO orders (id, workspace_id, source, code, customer_id, status, subtotal, total, ordered_at, source_updated_at)
       SELECT gen_random_uuid(), $1, 'bench', u.code, u.c, u.s, u.t, u.t, u.at, u.at FROM unnest($2::text[], $3::uuid[], $4::text[], $5::bigint[], $6::timestamptz[]) AS u(code, c, s, t, at)`,
      [ws, code, cust, status, total, at],
    );
    written += n;
    process.stdout.write(`\r  orders ${written}/${opts.orders}`);
  }
  console.log(`\n  wrote ${opts.customers} customers, ${opts.orders} orders in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await db.exec('ANALYZE customers; ANALYZE orders; ANALYZE customer_identities');
  return ids;
}

const scratch = await scratchDatabase(opts.db, { label: 'retention', pgUrl: opts.pgUrl, keep: opts.keep });
const db = await createDb({ databaseUrl: scratch.databaseUrl, dataDir: scratch.dataDir });
try {
  await migrate(db);
  const ws = randomUUID();
  await db.query(`INSERT INTO workspaces (id, name) VALUES ($1, 'Bench retention')`, [ws]);
  console.log(`retention bench: ${opts.db}, ${opts.customers} customers, ${opts.orders} orders`);
  const ids = await fill(db, ws);

  let s = performance.now();
  await rebuildOrderSummaries(db, ws); // orders written past the commands: the customer value card reads the summary
  const { customers } = await rebuildRetention(db, ws, (done, total) => process.stdout.write(`\r  backfill ${done}/${total}`));
  const secs = (performance.now() - s) / 1000;
  console.log(`\nbackfill: ${customers} customers with orders in ${secs.toFixed(1)} s (${Math.round(customers / secs)} customers/s)`);
  const rows = await db.one<{ n: string }>(`SELECT count(*) AS n FROM retention_rollups WHERE workspace_id = $1`, [ws]);
  console.log(`rollup rows: ${rows.n}`);

  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
  const q = { from, to, granularity: 'month' as const };
  const cur = await retentionReport(db, ws, q);
  console.log(`figures ${from}…${to}: S ${cur.current.start}, E ${cur.current.end}, N ${cur.current.new}, CRR ${cur.current.crr?.toFixed(1)} %, churn ${cur.current.churnRate?.toFixed(1)} %, avg CLV ${Math.round(cur.current.avgClv ?? 0)} ₫`);
  console.log(`CRR/churn/CLV dashboard, 365 days by month: ${await timeIt(opts.runs, () => retentionReport(db, ws, q))}`);
  console.log(`… filtered to one channel (zalo):         ${await timeIt(opts.runs, () => retentionReport(db, ws, { ...q, channel: 'zalo' }))}`);
  console.log(`… 90 days by day:                          ${await timeIt(opts.runs, () => retentionReport(db, ws, { from: new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10), to, granularity: 'day' }))}`);
  console.log(`service ↔ value, 365 days:                 ${await timeIt(opts.runs, () => serviceValue(db, ws, q))}`);
  console.log(`at-risk list, first page of 25:            ${await timeIt(Math.min(opts.runs, 10), () => atRisk(db, ws, { page: 1, pageSize: 25 }))}`);
  const rnd = mulberry(5);
  console.log(`one customer's value:                      ${await timeIt(opts.runs, () => customerValue(db, ws, ids[Math.floor(rnd() * ids.length * 0.3)]))}`);

  // 1,000 new orders on existing customers, then their refresh (what the reaction does) and the fold.
  const some = Array.from({ length: 1000 }, () => ids[Math.floor(rnd() * ids.length)]);
  await db.query(
    `INSERT INTO orders (id, workspace_id, source, code, customer_id, status, total, ordered_at, source_updated_at)
     SELECT gen_random_uuid(), $1, 'bench-new', 'N' || i, c, 'completed', 1500000, now(), now() FROM unnest($2::uuid[]) WITH ORDINALITY AS u(c, i)`,
    [ws, some],
  );
  s = performance.now();
  for (let i = 0; i < some.length; i += 100) await refreshCustomers(db, ws, some.slice(i, i + 100));
  const refresh = performance.now() - s;
  s = performance.now();
  await ensureRetentionFolded(db, ws);
  console.log(`refresh 1,000 customers (10 batches of 100): ${(refresh / 1000).toFixed(2)} s; fold: ${((performance.now() - s) / 1000).toFixed(2)} s`);
} finally {
  await db.close();
  await scratch.cleanup();
}
