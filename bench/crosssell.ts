/**
 * `npm run bench -- crosssell [--seed 42] [--test-share 0.2] [--db-sample 300] [--customers 1000000] [--db postgres|embedded] [--runs 20]`
 *
 * 1. Cross-sell hit-rate@5 on ../shared/data/retail/baskets_stockcodes.csv (UCI Online Retail, CC BY 4.0;
 *    one invoice per line, its stock codes comma-separated). Baskets are shuffled with a seeded PRNG and
 *    split train/test; in each held-out basket with ≥ 2 distinct items one item (seeded) is hidden and
 *    predicted from the rest by the product's scoring module (areas/suggestions/co-occurrence.ts: the
 *    same counting, thresholds, ranking and best-seller fill the API uses), against the "most popular
 *    items" baseline. A sample of the test baskets also goes through the database path the API takes
 *    (orders written, recomputeAssociations, customerSuggestions) to show both paths agree.
 * 2. Segment count p50/p95 over --customers profiles (batched inserts: customers, orders with items,
 *    tickets, survey answers) for rules of each kind, with the indexes PostgreSQL's plan used.
 * Prints figures; never asserts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { createDb } from '../src/server/core/db/client.js';
import { migrate } from '../src/server/core/db/migrate.js';
import type { Db } from '../src/server/core/db/types.js';
import { createWorkspace } from '../src/server/areas/access/index.js';
import { associationsFrom, byPopularity, countCoOccurrence, DEFAULT_THRESHOLDS, indexBySku, popularItems, rankSuggestions } from '../src/server/areas/suggestions/co-occurrence.js';
import { customerSuggestions, recomputeAssociations } from '../src/server/areas/suggestions/index.js';
import { countMembers } from '../src/server/areas/segments/index.js';
import { SEGMENT_FROM, segmentWhere } from '../src/server/areas/segments/compile-rule.js';
import { rebuildOrderSummaries } from '../src/server/areas/orders/index.js';
import type { SegmentGroup } from '../src/shared/segments.js';
import { percentile } from './load.js';
import { root, scratchDatabase } from './support.js';

const o = new Command()
  .name('bench crosssell')
  .option('--seed <n>', 'PRNG seed for the split and the hidden items', '42')
  .option('--test-share <x>', 'share of baskets held out', '0.2')
  .option('--db-sample <n>', 'held-out baskets also run through the database path (0: skip)', '300')
  .option('--customers <n>', 'profiles for the segment count figures (0: skip)', '1000000')
  .option('--db <kind>', 'postgres | embedded', 'postgres')
  .option('--runs <n>', 'timed runs per segment rule (after 2 warm-up runs)', '10')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .option('--keep', 'keep the scratch database', false)
  .parse()
  .opts();

/** mulberry32: a small seeded PRNG, so a run is repeatable. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const file = path.resolve(root, '../shared/data/retail/baskets_stockcodes.csv');
const baskets = fs
  .readFileSync(file, 'utf8')
  .split('\n')
  .map((l) => [...new Set(l.trim().split(',').map((s) => s.trim()).filter(Boolean))])
  .filter((b) => b.length > 0);
const rand = prng(Number(o.seed));
for (let i = baskets.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [baskets[i], baskets[j]] = [baskets[j], baskets[i]];
}
const nTest = Math.round(baskets.length * Number(o.testShare));
const test = baskets.slice(0, nTest);
const train = baskets.slice(nTest);
const cases = test.filter((b) => b.length >= 2).map((b) => {
  const k = Math.floor(rand() * b.length);
  return { hidden: b[k], rest: b.filter((_, i) => i !== k) };
});

console.log(`Cross-sell on ${path.basename(file)}: ${baskets.length.toLocaleString('en')} baskets, ${train.length.toLocaleString('en')} train / ${test.length.toLocaleString('en')} test (seed ${o.seed}); ${cases.length.toLocaleString('en')} test baskets with ≥ 2 items, one hidden each`);
const t0 = performance.now();
const acc = countCoOccurrence(train, DEFAULT_THRESHOLDS.maxBasketItems);
const assocs = associationsFrom(acc, DEFAULT_THRESHOLDS);
const rules = indexBySku(assocs);
const learnMs = performance.now() - t0;
const popular = byPopularity(acc.itemCounts);
const rulesOf = (s: string) => rules.get(s) ?? [];

let hitCo = 0;
let hitProduct = 0;
let hitPop = 0;
let covered = 0;
const t1 = performance.now();
for (const c of cases) {
  const ranked = rankSuggestions(c.rest, rulesOf, 5).map((r) => r.sku);
  if (ranked.length) covered++;
  // What the API returns: co-occurrence first, best sellers the customer lacks fill up to 5.
  const product = [...ranked, ...popularItems(popular, [...c.rest, ...ranked], 5 - ranked.length).map(([s]) => s)];
  const pop = popularItems(popular, c.rest, 5).map(([s]) => s);
  if (ranked.includes(c.hidden)) hitCo++;
  if (product.includes(c.hidden)) hitProduct++;
  if (pop.includes(c.hidden)) hitPop++;
}
const predictMs = performance.now() - t1;
const pct = (n: number) => `${((100 * n) / cases.length).toFixed(1)} %`;
const th = DEFAULT_THRESHOLDS;
console.log(`thresholds: pair in ≥ ${th.minPairCount} orders, support ≥ ${th.minSupport}, confidence ≥ ${th.minConfidence}, ≤ ${th.maxPerItem} rules per item, baskets > ${th.maxBasketItems} items count items only`);
console.log(`learnt ${assocs.length.toLocaleString('en')} rules over ${acc.itemCounts.size.toLocaleString('en')} items in ${learnMs.toFixed(0)} ms; ${cases.length} predictions in ${predictMs.toFixed(0)} ms`);
console.log('');
console.log(`${'hit-rate@5'.padEnd(52)}${'hits'.padStart(7)}${'rate'.padStart(10)}`);
console.log(`${'co-occurrence + best-seller fill (what the API returns)'.padEnd(52)}${String(hitProduct).padStart(7)}${pct(hitProduct).padStart(10)}`);
console.log(`${'co-occurrence alone'.padEnd(52)}${String(hitCo).padStart(7)}${pct(hitCo).padStart(10)}`);
console.log(`${'baseline: most popular items'.padEnd(52)}${String(hitPop).padStart(7)}${pct(hitPop).padStart(10)}`);
console.log(`${'test baskets with ≥ 1 co-occurrence suggestion'.padEnd(52)}${String(covered).padStart(7)}${pct(covered).padStart(10)}`);

const dbSample = Math.min(Number(o.dbSample), cases.length);
const nCustomers = Number(o.customers);
if (dbSample > 0 || nCustomers > 0) {
  const target = await scratchDatabase(o.db === 'embedded' ? 'embedded' : 'postgres', { label: 'crosssell', pgUrl: o.pgUrl, keep: Boolean(o.keep) });
  const db = await createDb({ databaseUrl: target.databaseUrl, dataDir: target.dataDir });
  try {
    await migrate(db);
    const { workspace } = await createWorkspace(db, { workspaceName: 'Bench cross-sell', admin: { name: 'Bench', email: `bench-${Date.now()}@example.vn`, password: 'bench-password-1' } });
    if (dbSample > 0) await databasePath(db, workspace.id, dbSample);
    if (nCustomers > 0) await segmentCounts(db, workspace.id, nCustomers);
  } finally {
    await db.close();
    await target.cleanup();
  }
}

/** Orders as the API path sees them: train baskets as orders, then one customer per sampled test basket. */
async function databasePath(db: Db, workspaceId: string, sample: number) {
  console.log(`\nDatabase path (${db.kind}): train baskets written as orders, recomputeAssociations, customerSuggestions for ${sample} held-out baskets`);
  const w0 = performance.now();
  await insertBaskets(db, workspaceId, train.map((items) => ({ customer: null, items })));
  const writeS = (performance.now() - w0) / 1000;
  const r0 = performance.now();
  const r = await recomputeAssociations(db, workspaceId);
  const recomputeS = (performance.now() - r0) / 1000;
  console.log(`wrote ${train.length.toLocaleString('en')} orders in ${writeS.toFixed(1)} s; recompute (job body): ${recomputeS.toFixed(1)} s — ${r.baskets.toLocaleString('en')} baskets, ${r.pairs.toLocaleString('en')} rules`);
  const sampled = cases.slice(0, sample);
  const customers = sampled.map(() => crypto.randomUUID());
  await db.query(`INSERT INTO customers (id, workspace_id, name) SELECT u, $1, 'Bench' FROM unnest($2::uuid[]) u`, [workspaceId, customers]);
  await insertBaskets(db, workspaceId, sampled.map((c, i) => ({ customer: customers[i], items: c.rest })));
  let hits = 0;
  let agree = 0;
  const times: number[] = [];
  for (let i = 0; i < sampled.length; i++) {
    const s0 = performance.now();
    const got = (await customerSuggestions(db, workspaceId, customers[i], 5)).items.map((x) => x.sku);
    times.push(performance.now() - s0);
    if (got.includes(sampled[i].hidden)) hits++;
    const ranked = rankSuggestions(sampled[i].rest, rulesOf, 5).map((x) => x.sku);
    const mem = [...ranked, ...popularItems(popular, [...sampled[i].rest, ...ranked], 5 - ranked.length).map(([s]) => s)];
    if (mem.join() === got.join()) agree++;
  }
  console.log(`hit-rate@5 through the database: ${hits}/${sampled.length} = ${((100 * hits) / sampled.length).toFixed(1)} %; same list as in memory for ${agree}/${sampled.length}; GET suggestions query p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`);
}

async function insertBaskets(db: Db, workspaceId: string, rows: { customer: string | null; items: string[] }[]) {
  for (let start = 0; start < rows.length; start += 2000) {
    const part = rows.slice(start, start + 2000);
    const ids = part.map(() => crypto.randomUUID());
    await db.query(
      `INSERT INTO orders (id, workspace_id, source, code, customer_id, status, total, ordered_at, source_updated_at)
       SELECT u.id, $1, 'bench', u.id::text, u.customer, 'completed', 100000, now(), now() FROM unnest($2::uuid[], $3::uuid[]) AS u(id, customer)`,
      [workspaceId, ids, part.map((p) => p.customer)],
    );
    const oid: string[] = [];
    const pos: number[] = [];
    const sku: string[] = [];
    part.forEach((p, i) => p.items.forEach((s, k) => (oid.push(ids[i]), pos.push(k), sku.push(s))));
    await db.query(
      `INSERT INTO order_items (order_id, position, workspace_id, sku, name) SELECT u.o, u.p, $1, u.s, 'Item ' || u.s FROM unnest($2::uuid[], $3::int[], $4::text[]) AS u(o, p, s)`,
      [workspaceId, oid, pos, sku],
    );
  }
}

/**
 * Profiles with batched INSERT … SELECT over generate_series (one statement per 100k): tags, stages,
 * birthdays, channels and custom fields spread by the row number; ≈ 40 % with 1–3 orders of train
 * basket SKUs, tickets for ≈ 30 %, a CSAT answer for ≈ 10 %.
 */
async function segmentCounts(db: Db, workspaceId: string, n: number) {
  console.log(`\nSegment count over ${n.toLocaleString('en')} customers (${db.kind})`);
  const g0 = performance.now();
  const chunk = 100_000;
  const skus = [...acc.itemCounts.keys()].slice(0, 2000);
  const tpl = await db.one<{ id: string }>(`INSERT INTO survey_templates (id, workspace_id, type, name, questions) VALUES (gen_random_uuid(), $1, 'csat', 'CSAT', '[]') RETURNING id`, [workspaceId]);
  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    await db.query(
      `INSERT INTO customers (id, workspace_id, name, search_name, tags, attributes, lifecycle_stage, birthday, preferred_channel, created_at)
       SELECT gen_random_uuid(), $1, 'Khách ' || i, 'khach ' || i,
              CASE WHEN i % 10 = 0 THEN ARRAY['vip'] WHEN i % 7 = 0 THEN ARRAY['si', 'ha-noi'] ELSE '{}' END,
              jsonb_build_object('points', i % 500, 'membership', (ARRAY['gold', 'silver', 'bronze'])[1 + i % 3]),
              (ARRAY['lead', 'prospect', 'customer', 'loyal', 'churned'])[1 + i % 5],
              CASE WHEN i % 4 = 0 THEN NULL ELSE date '1970-01-01' + (i * 37 % 15000) END,
              (ARRAY['zalo', 'messenger', 'email', 'phone', NULL])[1 + i % 5],
              now() - make_interval(secs => i)
       FROM generate_series($2::int, $3::int) AS i`,
      [workspaceId, start, end - 1],
    );
    process.stdout.write(`\r  customers ${end.toLocaleString('en')}`);
  }
  // Orders for ≈ 40 % of profiles (1–3 each), statuses spread over the lifecycle, with 1–2 SKUs each.
  await db.exec(`CREATE TEMP TABLE bench_c AS SELECT id, row_number() OVER (ORDER BY id) AS rn FROM customers WHERE workspace_id = '${workspaceId}'`);
  const total = (await db.one<{ n: number }>('SELECT count(*)::int AS n FROM bench_c')).n;
  for (let start = 1; start <= total; start += chunk) {
    await db.query(
      `INSERT INTO orders (id, workspace_id, source, code, customer_id, status, total, ordered_at, source_updated_at)
       SELECT gen_random_uuid(), $1, 'bench-seg', c.rn || '-' || k, c.id,
              (ARRAY['completed', 'delivered', 'shipping', 'confirmed', 'cancelled', 'completed', 'paid'])[1 + (c.rn + k) % 7],
              ((c.rn * 7919 + k) % 200 + 1) * 50000, now() - make_interval(days => ((c.rn * 31 + k * 97) % 900)::int), now()
       FROM bench_c c CROSS JOIN generate_series(1, 1 + (c.rn % 3)::int) AS k
       WHERE c.rn BETWEEN $2 AND $3 AND c.rn % 5 < 2`,
      [workspaceId, start, start + chunk - 1],
    );
    await db.query(
      `INSERT INTO tickets (id, workspace_id, number, subject, customer_id, channel, status, created_at, first_message_at, last_message_at)
       SELECT gen_random_uuid(), $1, c.rn, 'Hỏi đáp', c.id, 'zalo', CASE WHEN c.rn % 4 = 0 THEN 'received' ELSE 'resolved' END, now() - make_interval(days => (c.rn % 300)::int), now(), now()
       FROM bench_c c WHERE c.rn BETWEEN $2 AND $3 AND c.rn % 10 < 3`,
      [workspaceId, start, start + chunk - 1],
    );
    process.stdout.write(`\r  orders and tickets for customers ${Math.min(total, start + chunk - 1).toLocaleString('en')}     `);
  }
  await db.query(
    `INSERT INTO order_items (order_id, position, workspace_id, sku, name)
     SELECT o.id, p, $1, ($2::text[])[1 + (abs(hashtext(o.id::text)) + p * 13) % array_length($2::text[], 1)], 'Item'
     FROM orders o CROSS JOIN generate_series(0, 1) AS p WHERE o.workspace_id = $1 AND o.source = 'bench-seg' AND (p = 0 OR abs(hashtext(o.id::text)) % 2 = 0)`,
    [workspaceId, skus],
  );
  await db.query(
    `WITH r AS (
       INSERT INTO survey_requests (id, workspace_id, template_id, type, customer_id, channel, reason, token_hash, status, expires_at)
       SELECT gen_random_uuid(), $1, $2, 'csat', c.id, 'zalo', 'campaign', md5(c.id::text), 'answered', now() FROM bench_c c WHERE c.rn % 10 = 5
       RETURNING id, customer_id)
     INSERT INTO survey_answers (id, workspace_id, request_id, template_id, type, score, customer_id, channel, answered_at)
     SELECT gen_random_uuid(), $1, r.id, $2, 'csat', 1 + abs(hashtext(r.customer_id::text)) % 5, r.customer_id, 'zalo', now() FROM r`,
    [workspaceId, tpl.id],
  );
  // Written past the orders commands: the customers' order summaries (what order rules read) in one pass.
  await rebuildOrderSummaries(db, workspaceId);
  // A steady-state database: autovacuum has set the visibility map (index-only scans) and the statistics.
  await db.exec('VACUUM ANALYZE');
  const counts = await db.one<{ c: number; o: number; i: number; t: number; a: number }>(
    `SELECT (SELECT count(*) FROM customers)::int AS c, (SELECT count(*) FROM orders WHERE source = 'bench-seg')::int AS o, (SELECT count(*) FROM order_items)::int AS i, (SELECT count(*) FROM tickets)::int AS t, (SELECT count(*) FROM survey_answers)::int AS a`,
  );
  console.log(`\r  ${counts.c.toLocaleString('en')} customers, ${counts.o.toLocaleString('en')} orders (${counts.i.toLocaleString('en')} lines), ${counts.t.toLocaleString('en')} tickets, ${counts.a.toLocaleString('en')} CSAT answers in ${((performance.now() - g0) / 1000).toFixed(0)} s`);

  const topSku = popular[0][0];
  const rulesToTime: [string, SegmentGroup][] = [
    ['tag vip', { match: 'all', rules: [{ field: 'tag', op: 'has', value: 'vip' }] }],
    ['stage customer + born in March', { match: 'all', rules: [{ field: 'lifecycle', op: 'in', values: ['customer'] }, { field: 'birthday_month', op: 'in', values: [3] }] }],
    ['custom field points ≥ 400', { match: 'all', rules: [{ field: 'attribute', key: 'points', op: 'gte', value: 400 }] }],
    ['≥ 2 orders', { match: 'all', rules: [{ field: 'order_count', op: 'gte', value: 2 }] }],
    ['spent ≥ 10M and ordered in 90 days', { match: 'all', rules: [{ field: 'total_spent', op: 'gte', value: 10_000_000 }, { field: 'last_order', op: 'within_days', days: 90 }] }],
    [`bought ${topSku}`, { match: 'all', rules: [{ field: 'product', op: 'bought', skus: [topSku] }] }],
    ['open ticket and last CSAT ≤ 2', { match: 'all', rules: [{ field: 'open_ticket', op: 'is', value: true }, { field: 'last_csat', op: 'lte', value: 2 }] }],
    ['journey post-sale', { match: 'all', rules: [{ field: 'journey_stage', op: 'in', values: ['post_sale'] }] }],
    ['vip, any of: never ordered / no order in 365 d', { match: 'all', rules: [{ field: 'tag', op: 'has', value: 'vip' }, { match: 'any', rules: [{ field: 'last_order', op: 'never' }, { field: 'last_order', op: 'before_days', days: 365 }] }] }],
  ];
  const runs = Number(o.runs);
  console.log(`\nload average while timing: ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} on ${os.cpus().length} CPUs (figures scale with it)`);
  console.log(`\n${'rule'.padEnd(48)}${'members'.padStart(10)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}  indexes in the plan`);
  const all: number[] = [];
  for (const [label, rule] of rulesToTime) {
    for (let i = 0; i < 2; i++) await countMembers(db, workspaceId, rule);
    const times: number[] = [];
    let members = 0;
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      members = await countMembers(db, workspaceId, rule);
      times.push(performance.now() - s);
    }
    all.push(...times);
    const { where, params } = segmentWhere(workspaceId, rule);
    const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) SELECT count(*) FROM ${SEGMENT_FROM} WHERE ${where}`, params)).map((r) => r['QUERY PLAN']).join('\n');
    const indexes = [...new Set([...plan.matchAll(/(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\w+)/g)].map((m) => m[1]))].join(', ');
    console.log(`${label.slice(0, 47).padEnd(48)}${members.toLocaleString('en').padStart(10)}${percentile(times, 50).toFixed(0).padStart(9)}${percentile(times, 95).toFixed(0).padStart(9)}  ${indexes || '(sequential)'}`);
  }
  console.log(`${'all rules together'.padEnd(58)}${percentile(all, 50).toFixed(0).padStart(9)}${percentile(all, 95).toFixed(0).padStart(9)}`);
}
