/**
 * `npm run bench -- scale [--customers 100000] [--db postgres|embedded|both] [--duration 10] [--concurrency 50]`
 *
 * Ingest at scale through HTTP: a scratch database with the demo generator's customers, the real server
 * in a child process, then
 *   1. statements per message: one client files messages one after another; the server process counts
 *      every statement its pg driver sends (bench/count-statements.ts, preloaded in the bench only),
 *      reactions included (they run right after each commit);
 *   2. the single endpoint (POST /api/inbound/messages) with N clients: msg/s, p50/p99, errors;
 *   3. the batch endpoint (POST /api/inbound/messages:batch) with fewer clients sending B items each.
 *   4. with `--reads tt_bench_1m`: the agents' reads through bench/run.ts on that kept data set (1 and 10
 *      clients: floor, inbox, phone lookup + 360, name search, ticket search; CPU per request, load).
 * Statements are counted through the pg driver, so the embedded database (PGlite, no driver) shows "—".
 * Half the messages come from known customers, half from new ones, over three channels. Prints the
 * machine's load (uptime) and the server's CPU during each run. Never asserts timings.
 */
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { maintainTables } from '../src/server/core/db/maintenance.js';
import { createDb } from '../src/server/core/db/client.js';
import { migrate } from '../src/server/core/db/migrate.js';
import { generateDemo, type DemoResult } from '../src/server/demo/generate.js';
import { MOBILE_PREFIXES } from '../src/server/demo/vn-data.js';
import { Client, jsonAt, percentile, runLoad, type LoadResult } from './load.js';
import { cpuSeconds, root, scratchDatabase, startServerProcess, type ScratchDatabase, type ServerProcess } from './support.js';

const o = new Command()
  .name('bench scale')
  .option('--customers <n>', 'customers the demo generator makes first (PostgreSQL)', '100000')
  .option('--embedded-customers <n>', 'customers for the embedded database (its generator is slower)', '20000')
  .option('--db <kind>', 'postgres | embedded | both', 'postgres')
  .option('--duration <s>', 'seconds per load scenario (after a 3 s warm-up)', '10')
  .option('--concurrency <n>', 'clients for the single endpoint', '50')
  .option('--batch-clients <n>', 'clients for the batch endpoint', '8')
  .option('--batch-size <n>', 'items per batch request', '100')
  .option('--count-messages <n>', 'messages filed one by one to count statements per message', '200')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .option('--senders <n>', 'ongoing conversations: every message comes from one of n senders in turn (new customers at first), so after the first n messages each one continues an open conversation; 0: half known customers, half new ones, each message its own conversation (the worst case, the default)', '0')
  .option('--worker-instance', 'PostgreSQL: the measured instance serves HTTP only (WORKERS=false) and a second, worker-only instance (HTTP=false) on this machine runs the reaction jobs — the split the several-instances set-up allows', false)
  .option('--keep', 'keep the scratch database', false)
  .option('--no-maintain', 'skip the tables\' statistics pass after each warm-up (see measure())')
  .option('--reads <name>', 'then the agents\' reads (floor, inbox, lookup + 360, name and ticket search; 1 and 10 clients) on this kept PostgreSQL database, e.g. tt_bench_1m (bench/run.ts --reuse: generated on its first use)')
  .option('--profile', 'print the statements one message costs, by text (top 40)', false)
  .parse()
  .opts();

const durationMs = Number(o.duration) * 1000;
const channels = ['zalo', 'messenger', 'webchat'] as const;
const localFormat = (e164: string) => `0${e164.slice(3)}`;
const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '—');
const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
const load1 = () => os.loadavg()[0];

interface Built {
  demo: DemoResult;
  phones: string[];
  version: string;
}

async function build(target: ScratchDatabase, customers: number): Promise<Built> {
  const db = await createDb({ databaseUrl: target.databaseUrl, dataDir: target.dataDir });
  try {
    await migrate(db);
    const demo = await generateDemo(db, { customers, log: () => undefined });
    const rows = await db.query<{ phone: string }>(
      'SELECT phone FROM customers WHERE workspace_id = $1 AND phone IS NOT NULL ORDER BY id LIMIT 5000',
      [demo.workspaceId],
    );
    const version = (await db.one<{ v: string }>(`SELECT current_setting('server_version') AS v`)).v;
    return { demo, phones: rows.map((r) => r.phone), version };
  } finally {
    await db.close();
  }
}


interface Scenario {
  name: string;
  clients: number;
  result?: LoadResult;
  messages: number;
  note?: string;
  load: number;
  serverCpu: number;
  /** --worker-instance: the worker-only instance's CPU (cores) during the run. */
  workerCpu?: number;
  cost?: PerMessage;
  /** The measured instance's event loop during the run (bench/count-statements.ts). */
  loop?: EventLoop;
  /** Reaction jobs still waiting when the load stopped, and seconds until none was left. */
  backlogAtEnd?: number;
  drainSeconds?: number;
}

/** Event-loop utilisation (share of the time not idle) and delay in ms: how long a ready callback — a statement's answer — waited for its turn. */
interface EventLoop {
  elu: number;
  p50: number;
  p99: number;
}

interface Counts {
  loop?: EventLoop;
  byText?: Record<string, number>;
  msByText?: Record<string, number>;
  statements: number;
  commits: number;
  ingestTxStatements: number;
  ingestTxMessages: number;
  ingestTxs: number;
}

interface PerMessage {
  statements: number;
  commits: number;
  /** Statements of the ingest transaction itself (BEGIN … COMMIT), per message it filed. */
  inTx: number;
  /** Messages per ingest transaction. */
  perTx: number;
}

function perMessage(a: Counts, b: Counts, messages: number): PerMessage {
  const msgs = b.ingestTxMessages - a.ingestTxMessages;
  return {
    statements: (b.statements - a.statements) / messages,
    commits: (b.commits - a.commits) / messages,
    inTx: (b.ingestTxStatements - a.ingestTxStatements) / msgs,
    perTx: msgs / (b.ingestTxs - a.ingestTxs),
  };
}

async function statementCounts(server: ServerProcess, file: string): Promise<Counts> {
  fs.rmSync(file, { force: true });
  server.child.kill('SIGUSR2');
  for (let i = 0; i < 500 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 20));
  // No answer (a server too busy to write it in 10 s): the figures show as "—" rather than ending the run.
  if (!fs.existsSync(file)) return { statements: NaN, commits: NaN, ingestTxStatements: NaN, ingestTxMessages: NaN, ingestTxs: NaN };
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Counts;
}

/** --profile: the statements that took the most wall time (lock and CPU waits included) during a scenario. */
function printTimeProfile(name: string, a: Counts, b: Counts, messages: number) {
  const rows = Object.entries(b.msByText ?? {})
    .map(([k, ms]) => [k, ms - (a.msByText?.[k] ?? 0), (b.byText?.[k] ?? 0) - (a.byText?.[k] ?? 0)] as const)
    .filter(([, ms]) => ms > 0)
    .sort((x, y) => y[1] - x[1]);
  const total = rows.reduce((t, r) => t + r[1], 0);
  console.log(`\n${name}: statement wall time, top 25 (${int(total)} ms in all, ${int(messages)} messages)`);
  console.log('  ms/msg  count/msg  ms each  statement');
  for (const [k, ms, count] of rows.slice(0, 25)) {
    console.log(`${(ms / messages).toFixed(2).padStart(8)}  ${(count / messages).toFixed(2).padStart(9)}  ${(count ? ms / count : 0).toFixed(2).padStart(7)}  ${k}`);
  }
}

async function measure(kind: ScratchDatabase['kind'], target: ScratchDatabase, built: Built): Promise<{ rows: Scenario[]; alone: PerMessage }> {
  const countFile = path.join(target.dataDir, 'statements.json');
  const server = await startServerProcess(
    { ...target.env, ...(kind === 'postgres' && o.workerInstance ? { WORKERS: 'false' } : {}), STATEMENT_COUNT_FILE: countFile, ...(o.profile ? { STATEMENT_HISTOGRAM: '1' } : {}) },
    { preload: [path.join(root, 'bench/count-statements.ts')] },
  );
  const split = kind === 'postgres' && o.workerInstance;
  const worker = split ? await startServerProcess({ ...target.env, HTTP: 'false' }) : null;
  // Reaction backlog: reaction jobs not yet done (PostgreSQL only; the embedded database has one connection, the server's).
  const watcher = kind === 'postgres' ? await createDb({ databaseUrl: target.databaseUrl }) : null;
  const backlog = async () =>
    watcher
      ? (await watcher.one<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name LIKE 'react.%' AND state IN ('created', 'retry', 'active')`)).n
      : NaN;
  /** Seconds until the reaction backlog is empty (at most 180 s; NaN on the embedded database). */
  const drainSeconds = async () => {
    if (!watcher) return NaN;
    const t0 = Date.now();
    while ((await backlog()) > 0 && Date.now() - t0 < 180_000) await new Promise((r) => setTimeout(r, 200));
    return (Date.now() - t0) / 1000;
  };
  const c = new Client(server.base, Math.max(Number(o.concurrency), Number(o.batchClients)) + 4);
  try {
    const login = await c.request('POST', '/api/auth/login', {}, { email: built.demo.adminEmail, password: built.demo.password });
    const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((s) => s.split(';')[0]).find((s) => s.startsWith('tt_session='));
    if (!cookie) throw new Error(`demo login failed: HTTP ${login.status}`);
    const token = jsonAt((await c.request('POST', '/api/tokens', { cookie }, { name: 'bench scale' })).json, 'token');
    if (typeof token !== 'string') throw new Error('could not create an API token');
    const bearer = { authorization: `Bearer ${token}` };
    const runId = Date.now().toString(36);
    const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];
    const senders = Number(o.senders);
    // --senders: a fixed set of numbers (per run), each writing again and again on its own channel.
    const senderPhone = (k: number) => {
      const p = MOBILE_PREFIXES[k % MOBILE_PREFIXES.length][0];
      return `0${p}${String((k * 7919 + Number.parseInt(runId.slice(-4), 36)) % 10 ** (9 - p.length)).padStart(9 - p.length, '0')}`;
    };
    const message = (i: number) => {
      if (senders > 0) {
        const k = i % senders;
        return { channel: channels[k % 3], externalId: `scale-${runId}-${i}`, from: { kind: 'phone', value: senderPhone(k), name: 'Khách Đang Chat' }, body: 'Shop ơi cho mình hỏi đơn hàng giao chưa ạ?' };
      }
      const existing = i % 2 === 0;
      const p = MOBILE_PREFIXES[i % MOBILE_PREFIXES.length][0];
      const phone = existing ? localFormat(pick(built.phones)) : `0${p}${String(Math.floor(Math.random() * 10 ** (9 - p.length))).padStart(9 - p.length, '0')}`;
      return {
        channel: channels[i % 3],
        externalId: `scale-${runId}-${i}`,
        from: { kind: 'phone', value: phone, name: existing ? undefined : 'Khách Thử Nghiệm' },
        body: 'Shop ơi cho mình hỏi đơn hàng giao chưa ạ?',
      };
    };
    const expect = (r: { status: number; json: unknown }, status: number[], what: string) => {
      if (!status.includes(r.status)) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
      return r.json;
    };

    // 1. Statements per message, one client, reactions included (they settle within a second of each commit).
    const n = Number(o.countMessages);
    const before = await statementCounts(server, countFile);
    for (let i = 0; i < n; i++) expect(await c.request('POST', '/api/inbound/messages', bearer, message(900_000_000 + i)), [201], 'ingest');
    await new Promise((r) => setTimeout(r, 2000));
    const after = await statementCounts(server, countFile);
    const alone = perMessage(before, after, n);
    if (o.profile && after.byText) {
      const rows = Object.entries(after.byText)
        .map(([k, v]) => [k, (v - (before.byText?.[k] ?? 0)) / n] as const)
        .filter(([, v]) => v > 0)
        .sort((a, b) => b[1] - a[1]);
      console.log(`\nstatements per message (1 client, ${n} messages), top 40 of ${rows.length}:`);
      for (const [k, v] of rows.slice(0, 40)) console.log(`${v.toFixed(2).padStart(7)}  ${k}`);
    }

    const rows: Scenario[] = [];
    const scenario = async (name: string, clients: number, itemsPerRequest: number, iteration: Parameters<typeof runLoad>[0]['iteration']) => {
      await runLoad({ concurrency: clients, durationMs: Math.min(3000, durationMs / 3), iteration, startIndex: 500_000_000 + rows.length * 10_000_000 });
      // The steady state of a running server: tables that started empty (metric samples, sentiments, the
      // queue's partitions) have statistics by now, given by autovacuum — or, where it is off, by the db.maintain
      // job — within their first minute. A 10 s run on a fresh database would otherwise measure plans made
      // without any (the metrics refresh scanning every sample of the workspace).
      if (watcher && o.maintain) await maintainTables(watcher, { force: true });
      const s0 = await statementCounts(server, countFile);
      const cpu0 = cpuSeconds(server.child.pid);
      const w0 = cpuSeconds(worker?.child.pid);
      const result = await runLoad({ concurrency: clients, durationMs, iteration, startIndex: rows.length * 10_000_000 });
      const cpu1 = cpuSeconds(server.child.pid);
      const w1 = cpuSeconds(worker?.child.pid);
      // Read now: the event-loop figures cover the time since the last reading (s0), i.e. the load alone.
      const { loop } = await statementCounts(server, countFile);
      const l = load1();
      const left = await backlog();
      const drained = await drainSeconds();
      const s1 = await statementCounts(server, countFile);
      const messages = (result.requests - result.errors) * itemsPerRequest;
      if (o.profile && s1.msByText) printTimeProfile(name, s0, s1, messages);
      rows.push({
        name, clients, result, messages, load: l,
        serverCpu: (cpu1 - cpu0) / result.seconds,
        workerCpu: worker ? (w1 - w0) / result.seconds : undefined,
        cost: messages ? perMessage(s0, s1, messages) : undefined,
        loop,
        backlogAtEnd: left,
        drainSeconds: drained,
      });
    };

    // 2. The single endpoint.
    process.stdout.write(`${kind}: single endpoint with ${o.concurrency} clients… `);
    await scenario('POST /api/inbound/messages', Number(o.concurrency), 1, async (i, time) => {
      expect(await time('req', () => c.request('POST', '/api/inbound/messages', bearer, message(i))), [201], 'ingest');
    });

    // 3. The batch endpoint.
    const size = Number(o.batchSize);
    const probe = await c.request('POST', '/api/inbound/messages:batch', bearer, { items: [message(1_900_000_000)] });
    process.stdout.write(`batch endpoint… `);
    if (probe.status === 404) {
      rows.push({ name: 'POST /api/inbound/messages:batch', clients: Number(o.batchClients), messages: 0, note: 'endpoint missing', load: load1(), serverCpu: NaN });
    } else {
      await scenario(`POST /api/inbound/messages:batch (${size}/request)`, Number(o.batchClients), size, async (i, time) => {
        const items = Array.from({ length: size }, (_, k) => message(2_000_000_000 + i * size + k));
        const json = expect(await time('req', () => c.request('POST', '/api/inbound/messages:batch', bearer, { items })), [200], 'batch');
        const failed = (jsonAt(json, 'results') as { status: number }[] | undefined)?.filter((r) => r.status >= 400).length ?? size;
        if (failed) throw new Error(`batch: ${failed} items failed`);
      });
    }
    process.stdout.write('done\n');
    return { rows, alone };
  } finally {
    c.close();
    await watcher?.close();
    await server.stop();
    await worker?.stop();
  }
}

function report(kind: ScratchDatabase['kind'], built: Built, rows: Scenario[], alone: PerMessage): string {
  const cpus = os.cpus();
  const lines = [
    '',
    `### ${kind === 'postgres' ? `PostgreSQL ${built.version}` : `Embedded (PGlite, PostgreSQL ${built.version})`} — ingest at ${int(built.demo.counts.customers)} customers`,
    `${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}; server, database and load generator on this machine; ${o.duration} s per scenario after a 3 s warm-up${o.maintain ? ' and a statistics pass over the tables (what autovacuum or the db.maintain job does within a minute)' : ' (no statistics pass: --no-maintain)'}.`,
    Number(o.senders) > 0
      ? `Messages from ${int(Number(o.senders))} senders in turn: after the warm-up each message continues an open conversation.`
      : 'Each message its own conversation: half from known customers (a new ticket each), half from new customers.',
    ...(o.workerInstance && kind === 'postgres'
      ? ['Two instances on this machine: the measured one serves HTTP only (WORKERS=false), a worker-only one (HTTP=false) runs the reactions; statements are counted on the HTTP instance only (so "all statements" leaves the reactions out).']
      : []),
    `One message filed alone (1 client): ${fmt(alone.inTx)} statements in its transaction; ${fmt(alone.statements)} statements and ${fmt(alone.commits, 2)} commits with its reactions and the queue's bookkeeping.`,
    `Load before the runs: ${execSync('uptime').toString().trim()}`,
    '',
    'Reactions: jobs still waiting when the load stopped, seconds until none was left, and messages per second counted until then (load + drain).',
    '',
    '| scenario | clients | msg/s | requests | p50 ms | p99 ms | errors | msgs/tx | statements/msg in tx | all statements/msg | server CPU | event loop busy, delay p50 / p99 ms | load (1 min) | reaction jobs left | drained after | msg/s with reactions |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    if (!r.result) {
      lines.push(`| ${r.name} | ${r.clients} | — | — | — | — | — | — | — | — | — | — | ${fmt(r.load, 2)} (${r.note}) | — | — | — |`);
      continue;
    }
    const lat = r.result.latencies.req ?? [];
    lines.push(
      `| ${r.name} | ${r.clients} | ${int(r.messages / r.result.seconds)} | ${int(lat.length)} | ${fmt(percentile(lat, 50))} | ${fmt(percentile(lat, 99))} | ${r.result.errors} | ${fmt(r.cost?.perTx ?? NaN)} | ${fmt(r.cost?.inTx ?? NaN)} | ${fmt(r.cost?.statements ?? NaN)} | ${fmt(r.serverCpu * 100, 0)} %${r.workerCpu !== undefined ? ` + ${fmt(r.workerCpu * 100, 0)} % worker` : ''} | ${r.loop ? `${fmt(r.loop.elu * 100, 0)} %, ${fmt(r.loop.p50, 1)} / ${fmt(r.loop.p99, 1)}` : '—'} | ${fmt(r.load, 2)} | ${int(r.backlogAtEnd ?? NaN)} | ${fmt(r.drainSeconds ?? NaN)} s | ${int(r.messages / (r.result.seconds + (r.drainSeconds ?? NaN)))} |`,
    );
    if (r.result.firstError) lines.push(`|  ↳ first error: ${r.result.firstError.replace(/\|/g, '/').slice(0, 160)} | | | | | | | | | | | | | | | |`);
  }
  return lines.join('\n');
}

const kinds: ScratchDatabase['kind'][] = o.db === 'both' ? ['postgres', 'embedded'] : [o.db];
const out: string[] = [];
for (const kind of kinds) {
  const customers = Number(kind === 'postgres' ? o.customers : o.embeddedCustomers);
  console.log(`\n== ${kind}: generating ${int(customers)} customers ==`);
  const target = await scratchDatabase(kind, { label: 'scale', pgUrl: o.pgUrl, keep: o.keep });
  try {
    const built = await build(target, customers);
    const { rows, alone } = await measure(kind, target, built);
    const text = report(kind, built, rows, alone);
    console.log(text);
    out.push(text);
  } finally {
    await target.cleanup();
  }
}
if (out.length > 1) console.log(`\n${out.join('\n')}`);

// The reads at scale: bench/run.ts on a kept data set (1M customers take half an hour to generate, so
// it is built once with --reuse and measured again here), reads only so the data set stays as it was.
if (o.reads) {
  const args = ['--import', 'tsx', 'bench/run.ts', '--db', 'postgres', '--reuse', String(o.reads), '--skip-ingest', '--duration', String(o.duration), '--pg-url', String(o.pgUrl)];
  console.log(`\n== reads on ${o.reads}: node ${args.slice(2).join(' ')} ==`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
