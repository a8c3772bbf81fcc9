/**
 * `npm run bench -- orders [--db embedded|postgres] [--orders 1000000] [--customers N] [--webhook 2000] [--concurrency 16]`
 *
 * Orders at scale (issue 12): a scratch database with a workspace and its customers (phones, bulk
 * loaded: the shop's customer list is already known), then
 *   1. CSV import of N orders (one row per line item, ~1.4 lines per order, Vietnamese headers),
 *      through the same code as `npm run cli -- orders import` (streamed file, progress bar) → rows/s, orders/s;
 *   2. the same file again (re-import must change nothing) → rows/s;
 *   3. the CRR/churn/CLV dashboard over the imported orders (rollups rebuilt first): p50/p95 of
 *      GET /api/metrics/retention's work for the last 365 days, and service ↔ value;
 *   4. segment counts over the customers (order rules read customer_order_summary): p50/p95 per rule;
 *   5. the generic signed webhook on the real server (child process): orders/s and p50/p95 per delivery,
 *      new orders then status updates;
 *   6. cross-sell hit-rate@5 against the most-popular baseline (bench/crosssell.ts on the UCI baskets).
 * `--orders 20000` for a quick run; `--skip crosssell,webhook,…` leaves phases out.
 * Prints figures; never asserts timings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { createWorkspace } from '../src/server/areas/access/index.js';
import { importOrders } from '../src/server/areas/orders/index.js';
import { rebuildRetention, retentionReport } from '../src/server/areas/metrics/index.js';
import { serviceValue } from '../src/server/areas/metrics/retention/report.js';
import { countMembers } from '../src/server/areas/segments/index.js';
import type { SegmentGroup } from '../src/shared/segments.js';
import { spawnSync } from 'node:child_process';
import { signGeneric } from '../src/server/areas/orders/webhooks/signatures.js';
import { createDb } from '../src/server/core/db/client.js';
import { migrate } from '../src/server/core/db/migrate.js';
import { bulkInsert } from '../src/server/core/db/bulk-insert.js';
import { newId } from '../src/server/core/lib/ids.js';
import { Client, jsonString, percentile } from './load.js';
import { scratchDatabase, startServerProcess } from './support.js';

const o = new Command()
  .name('bench orders')
  .option('--db <kind>', 'embedded | postgres', 'embedded')
  .option('--orders <n>', 'orders in the CSV file', '1000000')
  .option('--customers <n>', 'known customers (default: orders / 4)')
  .option('--webhook <n>', 'orders posted to the generic webhook', '2000')
  .option('--concurrency <n>', 'webhook deliveries in flight', '16')
  .option('--batch-size <n>', 'orders per import transaction', '500')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .option('--runs <n>', 'timed runs per dashboard / segment rule', '20')
  .option('--skip <phases>', 'comma-separated: reimport, retention, segments, webhook, crosssell', '')
  .option('--keep', 'keep the scratch database', false)
  .parse()
  .opts();
const N = Number(o.orders);
const C = Number(o.customers ?? Math.max(1, Math.round(N / 4)));
const W = Number(o.webhook);
const conc = Number(o.concurrency);
const RUNS = Number(o.runs);
const skip = new Set(String(o.skip).split(',').map((x) => x.trim()).filter(Boolean));

async function timeIt(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 2; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await fn();
    times.push(performance.now() - s);
  }
  return times;
}
const p5095 = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms`;

const SKUS = [
  ['TL-SS-RT38', 'Tủ lạnh Samsung Inverter 380L', 11_490_000, 24], ['MG-LG-9KG', 'Máy giặt LG Inverter 9 kg', 8_490_000, 24],
  ['DH-DAIKIN-1HP', 'Điều hòa Daikin Inverter 1 HP', 10_990_000, 12], ['TV-SS-43', 'Smart Tivi Samsung 43 inch', 7_490_000, 24],
  ['NCKD-PHILIPS-5L', 'Nồi chiên không dầu Philips 5L', 2_990_000, 24], ['NC-SHARP-18', 'Nồi cơm điện Sharp 1.8L', 1_190_000, 12],
  ['QUAT-SENKO', 'Quạt đứng Senko', 450_000, 6], ['AST-XIAOMI', 'Ấm siêu tốc Xiaomi', 390_000, 12],
] as const;
const STATUSES = ['Hoàn thành', 'Hoàn thành', 'Hoàn thành', 'Đã giao', 'Đang giao', 'Đã hủy', 'Đã xác nhận'];
const phoneOf = (i: number) => `+849${String(10_000_000 + i).slice(-8)}`;
const localPhone = (i: number) => `09${String(10_000_000 + i).slice(-8)}`;

/** The CSV: one row per line item, the order's columns repeated; dates dd/MM/yyyy HH:mm over two years. */
function writeCsv(file: string): { rows: number; bytes: number } {
  const fd = fs.openSync(file, 'w');
  let rows = 0;
  let buf = 'Mã đơn hàng,Số điện thoại,Ngày đặt,Trạng thái,Thanh toán,Mã hàng,Tên hàng,Số lượng,Đơn giá,Bảo hành (tháng)\n';
  const start = Date.UTC(2024, 5, 1);
  for (let i = 0; i < N; i++) {
    const d = new Date(start + ((i * 7919) % (730 * 1440)) * 60_000);
    const date = `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    const head = `DH${String(i + 1).padStart(7, '0')},${localPhone((i * 2654435761) % C)},${date},${STATUSES[i % STATUSES.length]},${i % 5 < 3 ? 'COD' : 'Chuyển khoản'}`;
    const lines = i % 5 === 0 ? 3 : i % 3 === 0 ? 2 : 1;
    for (let l = 0; l < lines; l++) {
      const [sku, name, price, months] = SKUS[(i + l * 3) % SKUS.length];
      buf += `${head},${sku},${name},${l === 2 ? 2 : 1},${price},${months}\n`;
      rows++;
    }
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
  return { rows, bytes: fs.statSync(file).size };
}

const scratch = await scratchDatabase(o.db === 'postgres' ? 'postgres' : 'embedded', { label: 'orders', pgUrl: o.pgUrl, keep: Boolean(o.keep) });
const csvFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tt-bench-orders-csv-')), 'orders.csv');
try {
  const db = await createDb({ databaseUrl: scratch.databaseUrl, dataDir: scratch.dataDir });
  await migrate(db);
  const { workspace } = await createWorkspace(db, { workspaceName: 'Bench Điện máy', admin: { name: 'Quản Trị', email: 'admin@bench.vn', password: 'mat-khau-bench-123' } });
  let t = performance.now();
  for (let from = 0; from < C; from += 20_000) {
    const batch = Array.from({ length: Math.min(20_000, C - from) }, (_, k) => ({ id: newId(), i: from + k }));
    await db.tx(async (tx) => {
      await bulkInsert(tx, 'customers', { workspace_id: workspace.id }, [
        { name: 'id', type: 'uuid', get: (r) => r.id },
        { name: 'name', type: 'text', get: (r) => `Khách ${r.i}` },
        { name: 'search_name', type: 'text', get: (r) => `khach ${r.i}` },
        { name: 'phone', type: 'text', get: (r) => phoneOf(r.i) },
        { name: 'lifecycle_stage', type: 'text', get: () => 'customer' },
      ], batch);
      await bulkInsert(tx, 'customer_identities', { workspace_id: workspace.id }, [
        { name: 'id', type: 'uuid', get: () => newId() },
        { name: 'customer_id', type: 'uuid', get: (r) => r.id },
        { name: 'kind', type: 'text', get: () => 'phone' },
        { name: 'value', type: 'text', get: (r) => phoneOf(r.i) },
      ], batch);
    });
  }
  await db.exec('ANALYZE customers; ANALYZE customer_identities'); // as autovacuum would after a load
  console.log(`orders bench (${scratch.kind}): ${C} customers loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const file = writeCsv(csvFile);
  console.log(`CSV: ${N} orders, ${file.rows} rows, ${(file.bytes / 1e6).toFixed(1)} MB written in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  for (const label of skip.has('reimport') ? ['import'] : ['import', 're-import (must change nothing)']) {
    const bar = new cliProgress.SingleBar({ format: `${label.padEnd(8).slice(0, 9)} [{bar}] {percentage}% | {orders} orders | {rate} rows/s | {eta_formatted} left`, etaBuffer: 50 }, cliProgress.Presets.shades_classic);
    bar.start(file.bytes, 0, { orders: 0, rate: 0 });
    const s = performance.now();
    const r = await importOrders(db, {
      workspaceId: workspace.id, source: 'csv', csv: fs.createReadStream(csvFile), actor: { kind: 'system', workspaceId: workspace.id }, batchSize: Number(o.batchSize),
      onProgress: (p) => bar.update(p.bytes, { orders: p.orders, rate: Math.round(p.rows / ((performance.now() - s) / 1000)) }),
    });
    bar.update(file.bytes);
    bar.stop();
    const sec = (performance.now() - s) / 1000;
    console.log(`${label}: ${r.orders} orders (${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.errors.length} errors) in ${sec.toFixed(1)} s → ${Math.round(file.rows / sec)} rows/s, ${Math.round(r.orders / sec)} orders/s`);
    if (r.errors.length) console.log(`  first error: line ${r.errors[0].line}: ${r.errors[0].reason}`);
  }
  const stored = await db.one<{ orders: number; items: number; history: number }>(
    'SELECT (SELECT count(*)::int FROM orders) AS orders, (SELECT count(*)::int FROM order_items) AS items, (SELECT count(*)::int FROM order_status_changes) AS history',
  );
  console.log(`stored: ${stored.orders} orders, ${stored.items} lines, ${stored.history} status changes`);
  await db.exec('ANALYZE');

  if (!skip.has('retention')) {
    const bar = new cliProgress.SingleBar({ format: 'retention [{bar}] {percentage}% | {value}/{total} customers | {eta_formatted} left' }, cliProgress.Presets.shades_classic);
    const s = performance.now();
    let started = false;
    const r = await rebuildRetention(db, workspace.id, (done, total) => {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    });
    bar.stop();
    console.log(`retention backfill: ${r.customers} customers in ${((performance.now() - s) / 1000).toFixed(1)} s`);
    // The CSV's orders span 01/06/2024 – 31/05/2026: the 365 days up to its last day.
    const f = { from: '2025-06-01', to: '2026-05-31', granularity: 'month' as const };
    console.log(`CRR/churn/CLV dashboard (365 days, monthly series, by channel and segment): ${p5095(await timeIt(() => retentionReport(db, workspace.id, f)))}`);
    const rep = await retentionReport(db, workspace.id, f);
    console.log(`  CRR ${rep.current.crr?.toFixed(1)} %, churn ${rep.current.churnRate?.toFixed(1)} %, ${rep.current.orders} orders, avg CLV ${Math.round(rep.current.avgClv ?? 0)} ₫`);
    console.log(`service ↔ value (365 days): ${p5095(await timeIt(() => serviceValue(db, workspace.id, f)))}`);
  }

  if (!skip.has('segments')) {
    await db.exec('VACUUM ANALYZE');
    const rules: [string, SegmentGroup][] = [
      ['≥ 2 orders', { match: 'all', rules: [{ field: 'order_count', op: 'gte', value: 2 }] }],
      ['spent ≥ 20M', { match: 'all', rules: [{ field: 'total_spent', op: 'gte', value: 20_000_000 }] }],
      ['ordered within 180 days of today', { match: 'all', rules: [{ field: 'last_order', op: 'within_days', days: 180 }] }],
      ['open order', { match: 'all', rules: [{ field: 'open_order', op: 'is', value: true }] }],
      ['journey post-sale', { match: 'all', rules: [{ field: 'journey_stage', op: 'in', values: ['post_sale'] }] }],
      ['any of: never ordered / ≥ 3 orders', { match: 'any', rules: [{ field: 'last_order', op: 'never' }, { field: 'order_count', op: 'gte', value: 3 }] }],
    ];
    console.log(`segment count over ${C.toLocaleString('en')} customers:`);
    const all: number[] = [];
    for (const [label, rule] of rules) {
      const times = await timeIt(() => countMembers(db, workspace.id, rule));
      all.push(...times);
      console.log(`  ${label.padEnd(40)} ${(await countMembers(db, workspace.id, rule)).toLocaleString('en').padStart(10)} members, ${p5095(times)}`);
    }
    console.log(`  all rules together: ${p5095(all)}`);
  }
  await db.close();

  // The generic signed webhook on the real server.
  if (W > 0 && !skip.has('webhook')) {
    const server = await startServerProcess(scratch.env);
    try {
      const c = new Client(server.base, conc + 2);
      const login = await c.request('POST', '/api/auth/login', {}, { email: 'admin@bench.vn', password: 'mat-khau-bench-123' });
      const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((x) => x.split(';')[0]).find((x) => x.startsWith('tt_session='))!;
      const hook = await c.request('POST', '/api/order-webhooks', { cookie }, { kind: 'webhook', name: 'erp' });
      if (hook.status !== 201) throw new Error(`webhook ${hook.status} ${JSON.stringify(hook.json)}`);
      const hookPath = jsonString(hook.json, 'webhook', 'path');
      const secret = jsonString(hook.json, 'signingSecret');
      const body = (i: number, status: string, at: string) => ({
        code: `ERP-${i}`, status, orderedAt: '2026-06-01T02:00:00Z', updatedAt: at, customer: { phone: localPhone(i % C) }, paymentMethod: 'cod',
        items: [{ sku: SKUS[i % SKUS.length][0], name: SKUS[i % SKUS.length][1], quantity: 1, unitPrice: SKUS[i % SKUS.length][2], warrantyMonths: SKUS[i % SKUS.length][3] }],
      });
      for (const [label, status, at] of [['new orders', 'confirmed', '2026-06-01T02:00:00Z'], ['status updates', 'shipping', '2026-06-02T02:00:00Z']] as const) {
        const lat: number[] = [];
        let next = 0;
        let errors = 0;
        const s = performance.now();
        await Promise.all(Array.from({ length: conc }, async () => {
          for (let i = next++; i < W; i = next++) {
            const payload = body(i, status, at);
            // The client sends JSON.stringify(payload): the same bytes as signed here.
            const q = performance.now();
            const r = await c.request('POST', hookPath, { 'x-tantam-signature': signGeneric(secret, JSON.stringify(payload)) }, payload);
            lat.push(performance.now() - q);
            if (r.status !== 200) errors++;
          }
        }));
        const sec = (performance.now() - s) / 1000;
        console.log(`webhook ${label}: ${W} orders in ${sec.toFixed(1)} s → ${Math.round(W / sec)} orders/s, p50 ${percentile(lat, 50).toFixed(1)} ms, p95 ${percentile(lat, 95).toFixed(1)} ms, ${errors} errors (${conc} in flight)`);
      }
      c.close();
    } finally {
      await server.stop();
    }
  }
  if (!skip.has('crosssell')) {
    // Hit-rate@5 against the most-popular baseline on the UCI baskets (no database needed for the figure).
    console.log('cross-sell (bench/crosssell.ts --customers 0 --db-sample 0):');
    spawnSync(process.execPath, [...process.execArgv, path.join(import.meta.dirname, 'crosssell.ts'), '--customers', '0', '--db-sample', '0'], { stdio: 'inherit' });
  }
} finally {
  fs.rmSync(path.dirname(csvFile), { recursive: true, force: true });
  await scratch.cleanup();
}
