/**
 * `npm run bench -- scale-instances [--customers 20000] [--duration 10] [--concurrency 50] [--deliveries 300]`
 * (also run at the end of `npm run bench -- scale`)
 *
 * Several instances on one PostgreSQL (issue 15's "Benchmark output"), on a scratch database with the
 * demo generator's customers:
 *   1. instances 1 vs 2: the real server (src/server/main.ts) in 1 or 2 child processes, the same settings
 *      each (pool of 15); N clients post inbound messages spread over the instances (msg/s, p50/p99,
 *      errors); then cross-instance delivery: messages posted on the first instance, timed until
 *      message.created reaches an agent socket on the last one (the same instance when there is one;
 *      with two, through NOTIFY) — p50/p99;
 *   2. shared counters in PostgreSQL vs Redis (core/counters, in this process): a request rate-limit
 *      check (`hit`) and a login-throttle update (the record read-modify-write) per second with N
 *      concurrent callers over 1,000 keys.
 * Prints the machine's load (uptime) with each figure. Never asserts timings.
 */
import os from 'node:os';
import { Command } from 'commander';
import WebSocket from 'ws';
import { createDb } from '../src/server/core/db/client.js';
import { migrate } from '../src/server/core/db/migrate.js';
import { postgresCounters } from '../src/server/core/counters/postgres.js';
import { redisCounters } from '../src/server/core/counters/redis.js';
import type { Counters } from '../src/server/core/counters/index.js';
import { generateDemo } from '../src/server/demo/generate.js';
import { Client, jsonAt, percentile, runLoad } from './load.js';
import { scratchDatabase, startServerProcess, type ServerProcess } from './support.js';

const o = new Command()
  .name('bench scale-instances')
  // Run after `bench scale`, it sees that command's arguments too (e.g. `--reads <db>`): ignore what is not ours.
  .allowUnknownOption()
  .allowExcessArguments()
  .option('--customers <n>', 'customers the demo generator makes first', '20000')
  .option('--duration <s>', 'seconds per load scenario (after a 3 s warm-up)', '10')
  .option('--concurrency <n>', 'clients posting messages, and callers of the counters', '50')
  .option('--deliveries <n>', 'messages timed from POST on the first instance to the socket on the last', '300')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .option('--redis-url <url>', 'Redis for the counters comparison', 'redis://127.0.0.1:6379')
  .option('--keep', 'keep the scratch database', false)
  .parse()
  .opts();

const durationMs = Number(o.duration) * 1000;
const clients = Number(o.concurrency);
const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '—');
const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
const load1 = () => os.loadavg()[0];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const localFormat = (e164: string) => `0${e164.slice(3)}`;

interface InstancesRow {
  instances: number;
  msgPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  firstError?: string;
  deliveryP50: number;
  deliveryP99: number;
  delivered: number;
  load: number;
}

interface CounterRow {
  store: string;
  op: string;
  perSec: number;
  p50: number;
  p99: number;
  errors: number;
  load: number;
}

const target = await scratchDatabase('postgres', { label: 'instances', pgUrl: o.pgUrl, keep: o.keep });
const rows: InstancesRow[] = [];
const counterRows: CounterRow[] = [];
try {
  console.log(`\n== several instances: generating ${int(Number(o.customers))} customers ==`);
  const db = await createDb({ databaseUrl: target.databaseUrl, dataDir: target.dataDir });
  await migrate(db);
  const demo = await generateDemo(db, { customers: Number(o.customers), log: () => undefined });
  const phones = (await db.query<{ phone: string }>('SELECT phone FROM customers WHERE workspace_id = $1 AND phone IS NOT NULL ORDER BY id LIMIT 5000', [demo.workspaceId])).map((r) => r.phone);
  const secretKey = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256)).toString('base64');
  const env = { ...target.env, SECRET_KEY: secretKey, DATABASE_POOL_SIZE: '15', LEADER_LEASE_SECONDS: '5' };
  const runId = Date.now().toString(36);

  for (const n of [1, 2]) {
    const servers: ServerProcess[] = [];
    for (let i = 0; i < n; i++) servers.push(await startServerProcess(env));
    const http = servers.map((s) => new Client(s.base, clients + 8));
    try {
      const login = await http[0].request('POST', '/api/auth/login', {}, { email: demo.adminEmail, password: demo.password });
      const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((s) => s.split(';')[0]).find((s) => s.startsWith('tt_session='));
      if (!cookie) throw new Error(`demo login failed: HTTP ${login.status}`);
      const token = jsonAt((await http[0].request('POST', '/api/tokens', { cookie }, { name: `bench instances ${n}` })).json, 'token');
      if (typeof token !== 'string') throw new Error('could not create an API token');
      const bearer = { authorization: `Bearer ${token}` };
      const message = (i: number, body = 'Shop ơi cho mình hỏi đơn hàng giao chưa ạ?') => ({
        channel: (['zalo', 'messenger', 'webchat'] as const)[i % 3],
        externalId: `inst-${runId}-${n}-${i}`,
        from: { kind: 'phone', value: i % 2 === 0 ? localFormat(phones[i % phones.length]) : `09${String(10_000_000 + ((i * 7919) % 89_999_999)).padStart(8, '0')}` },
        body,
      });
      const post = async (server: number, i: number, body?: string) => {
        const r = await http[server].request('POST', '/api/inbound/messages', bearer, message(i, body));
        if (r.status !== 201 && r.status !== 200) throw new Error(`ingest: HTTP ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
      };

      // 1. Ingest spread over the instances.
      const base = 100_000_000 * n;
      await runLoad({ concurrency: clients, durationMs: 3000, startIndex: base, iteration: (i, time) => time('ingest', () => post(i % n, i)) });
      const l0 = load1();
      const r = await runLoad({ concurrency: clients, durationMs, startIndex: base + 10_000_000, iteration: (i, time) => time('ingest', () => post(i % n, i)) });
      const lat = r.latencies.ingest ?? [];

      // 2. Delivery: POST on the first instance → message.created on an agent socket on the last.
      const seenAt = new Map<string, number>();
      const sock = new WebSocket(`${servers[n - 1].base.toString().replace('http', 'ws')}api/ws`, { headers: { cookie } });
      await new Promise<void>((resolve, reject) => {
        sock.once('open', () => resolve());
        sock.once('error', reject);
      });
      sock.on('message', (raw) => {
        const m = JSON.parse(raw.toString());
        if (m.type === 'event' && m.event.type === 'message.created') {
          const tag = /\[(d-\d+)\]/.exec(String(m.event.data?.preview ?? ''))?.[1];
          if (tag && !seenAt.has(tag)) seenAt.set(tag, performance.now());
        }
      });
      sock.send(JSON.stringify({ type: 'subscribe', topics: ['inbox'] }));
      await sleep(500);
      const postedAt = new Map<string, number>();
      const total = Number(o.deliveries);
      let next = 0;
      await Promise.all(
        Array.from({ length: 5 }, async () => {
          for (let d = next++; d < total; d = next++) {
            const tag = `d-${d}`;
            postedAt.set(tag, performance.now());
            await post(0, base + 50_000_000 + d, `Đơn của mình tới đâu rồi ạ? [${tag}]`);
          }
        }),
      );
      const until = Date.now() + 30_000;
      while (seenAt.size < total && Date.now() < until) await sleep(50);
      sock.close();
      const delivery = [...postedAt.entries()].filter(([t]) => seenAt.has(t)).map(([t, s]) => seenAt.get(t)! - s);
      rows.push({
        instances: n,
        msgPerSec: (r.requests - r.errors) / r.seconds,
        p50: percentile(lat, 50),
        p99: percentile(lat, 99),
        errors: r.errors,
        firstError: r.firstError,
        deliveryP50: percentile(delivery, 50),
        deliveryP99: percentile(delivery, 99),
        delivered: seenAt.size,
        load: (l0 + load1()) / 2,
      });
      console.log(`  ${n} instance(s): ${fmt(rows.at(-1)!.msgPerSec, 0)} msg/s, delivery p99 ${fmt(rows.at(-1)!.deliveryP99)} ms (${seenAt.size}/${total})`);
    } finally {
      for (const h of http) h.close();
      await Promise.all(servers.map((s) => s.stop()));
    }
  }

  // 3. Counters: PostgreSQL vs Redis, the same calls.
  const stores: [string, () => Counters][] = [
    ['PostgreSQL', () => postgresCounters(db)],
    ['Redis', () => redisCounters(o.redisUrl, `tt-bench-${runId}:`)],
  ];
  for (const [name, make] of stores) {
    let counters: Counters;
    try {
      counters = make();
      await counters.hit('bench:ping', 60_000);
    } catch (err) {
      console.log(`  ${name}: not measured (${(err as Error).message})`);
      continue;
    }
    const throttle = counters.records('login_throttle');
    const ops: [string, (i: number) => Promise<unknown>][] = [
      ['rate-limit check (hit)', (i) => counters.hit(`bench:${runId}:${i % 1000}`, 60_000)],
      [
        'login throttle update',
        (i) =>
          throttle.update([{ scope: 'address', key: `203.0.113.${i % 250}-${i % 4}` }], (records, now) => ({
            write: records.map((rec) => ({ ...rec, failures: rec.failures + 1, lastFailedAt: now })),
            result: records[0].failures,
          })),
      ],
    ];
    for (const [op, call] of ops) {
      await runLoad({ concurrency: clients, durationMs: 2000, iteration: async (i, time) => void (await time(op, () => call(i))) });
      const l0 = load1();
      const r = await runLoad({ concurrency: clients, durationMs, startIndex: 1_000_000, iteration: async (i, time) => void (await time(op, () => call(i))) });
      counterRows.push({ store: name, op, perSec: (r.requests - r.errors) / r.seconds, p50: percentile(r.latencies[op] ?? [], 50), p99: percentile(r.latencies[op] ?? [], 99), errors: r.errors, load: (l0 + load1()) / 2 });
    }
    if (name === 'Redis') await counters.close();
  }
  await db.close();
} finally {
  await target.cleanup();
}

const cpus = os.cpus().length;
console.log(`\n== several instances on one PostgreSQL (${int(Number(o.customers))} customers, ${clients} clients, ${o.duration} s, ${cpus} CPUs, servers + database + load generator on one machine) ==`);
console.log('instances   ingest msg/s   p50 ms   p99 ms   errors   delivery p50 ms   delivery p99 ms   delivered   load');
for (const r of rows) {
  console.log(
    `${String(r.instances).padStart(9)}   ${fmt(r.msgPerSec, 0).padStart(12)}   ${fmt(r.p50).padStart(6)}   ${fmt(r.p99).padStart(6)}   ${String(r.errors).padStart(6)}   ${fmt(r.deliveryP50).padStart(15)}   ${fmt(r.deliveryP99).padStart(15)}   ${String(r.delivered).padStart(9)}   ${fmt(r.load, 2)}`,
  );
  if (r.firstError) console.log(`            first error: ${r.firstError}`);
}
console.log('\ncounters     operation                  per second   p50 ms   p99 ms   errors   load');
for (const r of counterRows) {
  console.log(`${r.store.padEnd(12)} ${r.op.padEnd(26)} ${int(r.perSec).padStart(10)}   ${fmt(r.p50, 2).padStart(6)}   ${fmt(r.p99, 2).padStart(6)}   ${String(r.errors).padStart(6)}   ${fmt(r.load, 2)}`);
}
process.exit(0);
