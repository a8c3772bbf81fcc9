/**
 * `npm run bench -- reaction-cost [--customers 20000] [--db postgres|embedded] [--waves 40] [--wave 50]`
 *
 * Where the time of one inbound message goes, in the server's own process: the ingest transactions
 * (the group-commit writer) apart from each reaction job they set off and from the job queue's
 * bookkeeping. Messages arrive in waves of `--wave` concurrent deliveries (≈ what 50 HTTP clients
 * bring at once); the reactions are not run eagerly, so after each wave every reaction queue is drained
 * on its own (its jobs fetched together, as a busy queue runs them) and measured: wall time, this
 * process's CPU, PostgreSQL's backends' CPU (from /proc) and statements by kind (PostgreSQL only).
 * Jobs the reactions write in turn (notifications, workflow runs …) are drained last, as "follow-up".
 * Half the messages come from known customers, half from new ones, over three channels (as bench scale).
 * Never asserts timings.
 */
import os from 'node:os';
import fs from 'node:fs';
import { execSync } from 'node:child_process';
import { Command } from 'commander';
import pg from 'pg';
import { createDb } from '../src/server/core/db/client.js';
import { migrate } from '../src/server/core/db/migrate.js';
import { loadEnv } from '../src/server/core/env.js';
import { bootContext } from '../src/server/boot.js';
import { inboundWriter } from '../src/server/areas/tickets/commands/ingest-group.js';
import { generateDemo } from '../src/server/demo/generate.js';
import { MOBILE_PREFIXES } from '../src/server/demo/vn-data.js';
import { cpuSeconds, scratchDatabase } from './support.js';

const o = new Command()
  .name('bench reaction-cost')
  .option('--customers <n>', 'demo customers first', '20000')
  .option('--db <kind>', 'postgres | embedded', 'postgres')
  .option('--waves <n>', 'waves of concurrent deliveries', '40')
  .option('--wave <n>', 'deliveries per wave (at once)', '50')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .option('--top <n>', 'statements by text to print per phase (0: none)', '0')
  .parse()
  .opts();

// Statements by kind, counted through the pg driver (PostgreSQL only).
type Kind = 'queue' | 'tx' | 'events read' | 'notify' | 'other';
const kindOf = (text: string): Kind => {
  if (/pgboss\./.test(text)) return 'queue';
  if (/^\s*(BEGIN|COMMIT|ROLLBACK)\b/i.test(text)) return 'tx';
  if (/^\s*SELECT \* FROM events WHERE id = ANY/.test(text)) return 'events read';
  if (/pg_notify/.test(text)) return 'notify';
  return 'other';
};
const counts: Record<Kind, number> & { byText: Map<string, number> } = { queue: 0, tx: 0, 'events read': 0, notify: 0, other: 0, byText: new Map() };
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function patched(this: pg.Client, ...args: unknown[]) {
  const first = args[0];
  const text = (typeof first === 'string' ? first : (first as { text?: string } | undefined)?.text) ?? '';
  counts[kindOf(text)]++;
  const key = text.replace(/\s+/g, ' ').trim().slice(0, 100);
  counts.byText.set(key, (counts.byText.get(key) ?? 0) + 1);
  return (original as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

interface Phase {
  wall: number;
  node: number;
  db: number;
  stmts: Record<Kind, number>;
  jobs: number;
  byText: Map<string, number>;
}
const phases = new Map<string, Phase>();

const kind = o.db as 'postgres' | 'embedded';
const target = await scratchDatabase(kind, { label: 'rcost', pgUrl: o.pgUrl });
let watcher: pg.Client | undefined;
try {
  const setup = await createDb({ databaseUrl: target.databaseUrl, dataDir: target.dataDir });
  await migrate(setup);
  console.log(`generating ${o.customers} customers…`);
  const demo = await generateDemo(setup, { customers: Number(o.customers), log: () => undefined });
  const phones = (await setup.query<{ phone: string }>('SELECT phone FROM customers WHERE workspace_id = $1 AND phone IS NOT NULL ORDER BY id LIMIT 5000', [demo.workspaceId])).map((r) => r.phone);
  await setup.close();

  const env = loadEnv({ ...process.env, ...target.env, LOG_LEVEL: 'warn', NODE_ENV: 'production', SMTP_RECEIVER_PORT: '0' });
  const ctx = await bootContext(env);
  // The queue exists but nothing runs a job unless this script drains it.
  await ctx.jobs.start(ctx, { work: false, eager: false });
  const db = ctx.db;
  const dbName = target.databaseUrl ? new URL(target.databaseUrl).pathname.slice(1) : '';
  if (target.databaseUrl) {
    watcher = new pg.Client({ connectionString: target.databaseUrl });
    await watcher.connect();
  }
  // PostgreSQL's CPU: every backend of this database (pids from pg_stat_activity, CPU from /proc), the watcher excluded.
  const backendsCpu = async () => {
    if (!watcher) return 0;
    const rows = (await (original as (...a: unknown[]) => Promise<unknown>).call(watcher, `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName])) as { rows: { pid: number }[] };
    return rows.rows.reduce((t, r) => t + (cpuSeconds(r.pid) || 0), 0);
  };
  const snapshot = async () => {
    const c = process.cpuUsage();
    return { t: performance.now(), node: (c.user + c.system) / 1e6, db: await backendsCpu(), stmts: { ...counts, byText: new Map(counts.byText) } };
  };
  const add = async (name: string, a: Awaited<ReturnType<typeof snapshot>>, jobs: number) => {
    const b = await snapshot();
    const p = phases.get(name) ?? { wall: 0, node: 0, db: 0, jobs: 0, stmts: { queue: 0, tx: 0, 'events read': 0, notify: 0, other: 0 }, byText: new Map() };
    p.wall += (b.t - a.t) / 1000;
    p.node += b.node - a.node;
    // A pid that left between the snapshots makes the difference negative: count nothing then.
    p.db += Math.max(0, b.db - a.db);
    p.jobs += jobs;
    for (const k of Object.keys(p.stmts) as Kind[]) p.stmts[k] += b.stmts[k] - a.stmts[k];
    for (const [k, v] of b.stmts.byText) {
      const d = v - (a.stmts.byText.get(k) ?? 0);
      if (d > 0) p.byText.set(k, (p.byText.get(k) ?? 0) + d);
    }
    phases.set(name, p);
  };
  const pendingByName = async () => {
    const rows = await db.query<{ name: string; n: number }>(`SELECT name, count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry') GROUP BY name`);
    return new Map(rows.map((r) => [r.name, r.n]));
  };

  const runId = Date.now().toString(36);
  const channels = ['zalo', 'messenger', 'webchat'] as const;
  const actor = { kind: 'system' as const, workspaceId: demo.workspaceId };
  const message = (i: number) => {
    const existing = i % 2 === 0;
    const p = MOBILE_PREFIXES[i % MOBILE_PREFIXES.length][0];
    const phone = existing ? `0${phones[Math.floor(Math.random() * phones.length)].slice(3)}` : `0${p}${String(Math.floor(Math.random() * 10 ** (9 - p.length))).padStart(9 - p.length, '0')}`;
    return {
      channel: channels[i % 3],
      externalId: `rcost-${runId}-${i}`,
      from: { kind: 'phone' as const, value: phone, name: existing ? undefined : 'Khách Thử Nghiệm' },
      body: 'Shop ơi cho mình hỏi đơn hàng giao chưa ạ?',
      contentType: 'text' as const,
      attachments: [],
    };
  };
  const writer = inboundWriter(db);
  const waves = Number(o.waves);
  const wave = Number(o.wave);
  // One wave not measured first (plans, caches, the pool's connections).
  for (let w = -1; w < waves; w++) {
    const s0 = await snapshot();
    await Promise.all(Array.from({ length: wave }, (_, k) => writer.ingest(message((w + 1) * wave + k), actor)));
    if (w >= 0) await add('ingest (group writer)', s0, 0);
    const pending = await pendingByName();
    const reactions = [...pending.keys()].filter((n) => n.startsWith('react.')).sort();
    for (const name of reactions) {
      const s = await snapshot();
      const ran = await ctx.jobs.drain([name]);
      if (w >= 0) await add(name, s, ran);
    }
    const s = await snapshot();
    const ran = await ctx.jobs.drain();
    if (w >= 0) await add('follow-up jobs (all queues)', s, ran);
  }
  const messages = waves * wave;
  const total: Phase = { wall: 0, node: 0, db: 0, jobs: 0, stmts: { queue: 0, tx: 0, 'events read': 0, notify: 0, other: 0 }, byText: new Map() };
  for (const p of phases.values()) {
    total.wall += p.wall;
    total.node += p.node;
    total.db += p.db;
    total.jobs += p.jobs;
    for (const k of Object.keys(p.stmts) as Kind[]) total.stmts[k] += p.stmts[k];
  }
  const f = (n: number, d = 2) => n.toFixed(d);
  const pg_ = kind === 'postgres';
  const lines = [
    `\n### Per inbound message: ${kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${o.customers} customers, ${waves} waves × ${wave} concurrent deliveries (${messages} messages)`,
    `${os.cpus().length} CPU; load ${execSync('uptime').toString().trim()}`,
    '',
    '| phase | jobs / msg | wall ms / msg | node CPU ms / msg | db CPU ms / msg | statements / msg | of which queue | tx (BEGIN/COMMIT) | events read | other |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [name, p] of [...phases.entries(), ['total', total] as const]) {
    const all = Object.values(p.stmts).reduce((a, b) => a + b, 0);
    const s = (n: number) => (pg_ ? f(n / messages) : '—');
    lines.push(
      `| ${name} | ${f(p.jobs / messages)} | ${f((p.wall * 1000) / messages)} | ${f((p.node * 1000) / messages)} | ${pg_ ? f((p.db * 1000) / messages) : '—'} | ${s(all)} | ${s(p.stmts.queue)} | ${s(p.stmts.tx)} | ${s(p.stmts['events read'])} | ${s(p.stmts.other + p.stmts.notify)} |`,
    );
  }
  console.log(lines.join('\n'));
  const top = Number(o.top);
  if (top > 0 && pg_) {
    for (const [name, p] of phases) {
      console.log(`\n${name}: statements per message, top ${top}`);
      for (const [k, v] of [...p.byText.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(v / messages).toFixed(3).padStart(8)}  ${k}`);
    }
  }
  await ctx.jobs.stop();
  await ctx.realtime.close();
  await ctx.readDb.close();
  await ctx.counters.close();
  await db.close();
} finally {
  await watcher?.end();
  await target.cleanup();
  if (fs.existsSync(target.dataDir)) fs.rmSync(target.dataDir, { recursive: true, force: true });
}
process.exit(0);
