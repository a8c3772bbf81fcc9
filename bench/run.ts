/**
 * `npm run bench -- --customers 100000 --db embedded|postgres|both`
 *
 * Builds a scratch database with the demo generator, starts the real HTTP server on a free port in a
 * child process, and measures through HTTP: a floor request (session + one row), the inbox, phone lookup
 * + customer 360, name search, ticket full-text search (1 and N clients, with server and database CPU
 * per request), then ingest. Prints figures next to their aims; never asserts (timings depend on the machine).
 *
 * `--reuse tt_bench_1m` keeps the database (generated on the first run only) so the 1M-customer data set
 * is measured again in minutes; `--skip-ingest` leaves it unchanged; `--scenarios inbox,lookup` picks reads.
 */
import { execSync } from 'node:child_process';
import os from 'node:os';
import { Client as PgClient } from 'pg';
import { Command } from 'commander';
import { createDb } from '../src/server/core/db/client.js';
import { migrate } from '../src/server/core/db/migrate.js';
import { generateDemo, type DemoResult } from '../src/server/demo/generate.js';
import { demoProgressBar } from '../src/server/demo/progress.js';
import { MOBILE_PREFIXES } from '../src/server/demo/vn-data.js';
import { Client, jsonAt, percentile, runLoad, type LoadResult } from './load.js';
import { cpuSeconds, rememberData, reusedData, scratchDatabase, startServerProcess, type ScratchDatabase, type ServerProcess } from './support.js';


interface Options {
  customers: number;
  db: 'embedded' | 'postgres' | 'both';
  duration: number;
  concurrency: number;
  readConcurrency: number;
  pgUrl: string;
  keep: boolean;
  reuse?: string;
  skipIngest: boolean;
  scenarios: Set<string>;
}

const program = new Command()
  .name('bench')
  .option('--customers <n>', 'customers to generate (≈1.1 tickets, ≈4.5 messages each)', '20000')
  .option('--db <kind>', 'embedded | postgres | both', 'embedded')
  .option('--duration <s>', 'seconds per scenario', '10')
  .option('--concurrency <n>', 'concurrent clients for ingest', '50')
  .option('--read-concurrency <n>', 'concurrent clients for the read scenarios', '10')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .option('--keep', 'keep the scratch database', false)
  .option('--reuse <name>', 'PostgreSQL: measure this kept database, generating it first only when it has no data (e.g. tt_bench_1m)')
  .option('--skip-ingest', 'measure the reads only (ingest adds rows to a reused database)', false)
  .option('--scenarios <list>', 'read scenarios to run: floor,inbox,lookup,search,tickets', 'floor,inbox,lookup,search,tickets')
  .parse();
const o = program.opts();
const opts: Options = {
  customers: Number(o.customers),
  db: o.db,
  duration: Number(o.duration),
  concurrency: Number(o.concurrency),
  readConcurrency: Number(o.readConcurrency),
  pgUrl: o.pgUrl,
  keep: Boolean(o.keep),
  reuse: o.reuse as string | undefined,
  skipIngest: Boolean(o.skipIngest),
  scenarios: new Set(String(o.scenarios).split(',').map((x) => x.trim())),
};

type Target = ScratchDatabase;

async function prepare(kind: Target['kind']): Promise<Target> {
  return scratchDatabase(kind, { label: 'core', pgUrl: opts.pgUrl, keep: opts.keep, reuse: opts.reuse });
}

interface Built {
  demo: DemoResult;
  phones: string[];
  version: string;
}

async function build(target: Target): Promise<Built> {
  const db = await createDb({ databaseUrl: target.databaseUrl, dataDir: target.dataDir });
  try {
    const kept = target.kind === 'postgres' && opts.reuse ? reusedData<Built>(target) : null;
    if (kept) {
      await migrate(db); // the code may have new migrations since the data was generated
      console.log(`reusing ${opts.reuse}: ${int(kept.demo.counts.customers)} customers generated earlier`);
      return kept;
    }
    await migrate(db);
    const bar = demoProgressBar('Generating');
    let demo: DemoResult;
    try {
      demo = await generateDemo(db, { customers: opts.customers, onProgress: bar.onProgress, log: (line) => console.log(`\n${line}`) });
    } finally {
      bar.stop();
    }
    // Existing customers' numbers, for the 360 lookups and the "existing customer" half of ingest.
    const rows = await db.query<{ phone: string }>(
      'SELECT phone FROM customers WHERE workspace_id = $1 AND phone IS NOT NULL ORDER BY id LIMIT 5000',
      [demo.workspaceId],
    );
    const version = (await db.one<{ v: string }>(`SELECT current_setting('server_version') AS v`)).v;
    const built = { demo, phones: rows.map((r) => r.phone), version };
    if (target.kind === 'postgres' && opts.reuse) rememberData(target, built);
    return built;
  } finally {
    await db.close();
  }
}

async function startServer(target: Target) {
  return startServerProcess(target.env);
}

interface Row {
  scenario: string;
  clients: number;
  result?: LoadResult;
  step?: string;
  missing?: string;
  aim: string;
  met?: (r: { rps: number; p95: number }) => boolean;
  /** CPU milliseconds per request during the run: the server process, and PostgreSQL's backends of this database. */
  cpu?: { server: number; db: number };
  /** The machine's 1-minute load average at the end of the run. */
  load?: number;
}


/**
 * CPU used so far by the server process and by every PostgreSQL backend of the benchmark's database
 * (same machine: their pids from pg_stat_activity, their CPU from /proc). Backends include the job
 * queue's polling, so the database's share is an upper bound for the requests alone.
 */
async function cpuSnapshot(serverPid: number | undefined, target: Target): Promise<{ server: number; backends: Map<number, number> }> {
  const backends = new Map<number, number>();
  if (target.kind === 'postgres') {
    const pg = new PgClient({ connectionString: target.databaseUrl });
    await pg.connect();
    try {
      const rows = (await pg.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows;
      for (const r of rows) backends.set(r.pid, cpuSeconds(r.pid));
    } finally {
      await pg.end();
    }
  }
  return { server: cpuSeconds(serverPid), backends };
}

function cpuPerRequest(a: Awaited<ReturnType<typeof cpuSnapshot>>, b: Awaited<ReturnType<typeof cpuSnapshot>>, requests: number, kind: Target['kind']) {
  let db = 0;
  for (const [pid, t] of b.backends) if (Number.isFinite(t)) db += t - (a.backends.get(pid) ?? 0);
  return { server: ((b.server - a.server) * 1000) / requests, db: kind === 'postgres' ? (db * 1000) / requests : NaN };
}

/** Ticket searches: a phrase many tickets contain, and a rarer one (the demo's texts). */
const TICKET_SEARCHES = ['dieu hoa', 'lap dat dieu hoa'];

const isMissing = (r: { status: number; json: unknown }) => r.status === 404 && jsonAt(r.json, 'error', 'id') === 'route.not_found';
const localFormat = (e164: string) => `0${e164.slice(3)}`;

async function login(c: Client, email: string, password: string): Promise<string | null> {
  const r = await c.request('POST', '/api/auth/login', {}, { email, password });
  if (r.status !== 200) return null;
  const set = ([] as string[]).concat(r.headers['set-cookie'] ?? []);
  const cookie = set.map((s) => s.split(';')[0]).find((s) => s.startsWith('tt_session='));
  return cookie ?? null;
}

async function measure(server: ServerProcess, built: Built, target: Target): Promise<Row[]> {
  const kind = target.kind;
  const c = new Client(server.base, Math.max(opts.concurrency, opts.readConcurrency) + 2);
  const domain = built.demo.adminEmail.split('@')[1];
  const adminCookie = await login(c, built.demo.adminEmail, built.demo.password);
  const agentCookie = await login(c, `lan.nguyen@${domain}`, built.demo.password);
  if (!adminCookie || !agentCookie) throw new Error('demo login failed');
  const admin = { cookie: adminCookie };
  const agent = { cookie: agentCookie };
  const ms = opts.duration * 1000;
  const warm = Math.min(3000, ms / 3);
  const phones = built.phones;
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];
  const expect = (r: { status: number; json: unknown }, status: number[], what: string): unknown => {
    if (!status.includes(r.status)) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
    return r.json;
  };
  const run = async (concurrency: number, iteration: Parameters<typeof runLoad>[0]['iteration']) => {
    await runLoad({ concurrency, durationMs: warm, iteration, startIndex: 500_000_000 }); // warm-up: caches, JIT, pool
    return runLoad({ concurrency, durationMs: ms, iteration });
  };
  /** A read scenario: its result and the CPU its requests cost (all steps of an iteration together). */
  const measured = async (concurrency: number, iteration: Parameters<typeof runLoad>[0]['iteration']) => {
    await runLoad({ concurrency, durationMs: warm, iteration, startIndex: 500_000_000 });
    const a = await cpuSnapshot(server.child.pid, target);
    const result = await runLoad({ concurrency, durationMs: ms, iteration });
    const b = await cpuSnapshot(server.child.pid, target);
    return { result, cpu: cpuPerRequest(a, b, Math.max(1, result.requests), kind), load: os.loadavg()[0] };
  };
  const want = (name: string) => opts.scenarios.has(name);
  const rows: Row[] = [];
  // Reads run once with a single client (the service time) and once with several (service + queueing).
  for (const rc of [...new Set([1, opts.readConcurrency])]) {
    process.stdout.write(`measuring with ${rc} client(s): `);
    // (0) the floor: an authenticated request that runs one trivial statement, through the same
    // stack (HTTP, session lookup, zod response): what any read costs on this machine before its own work.
    if (want('floor')) {
      process.stdout.write('floor… ');
      rows.push({
        scenario: 'floor: GET /healthz (SELECT 1, no session)', clients: rc, aim: '—',
        ...(await measured(rc, async (_i, time) => {
          expect(await time('floor', () => c.request('GET', '/healthz')), [200], 'healthz');
        })),
      });
      const floorUrl = '/api/auth/me';
      rows.push({
        scenario: 'floor: GET /api/auth/me (session + 1 row)', clients: rc, aim: '—',
        ...(await measured(rc, async (_i, time) => {
          expect(await time('floor', () => c.request('GET', floorUrl, agent)), [200], 'floor');
        })),
      });
    }

    // (b) inbox first page
    const inboxUrl = '/api/tickets?view=all&status=open';
    if (want('inbox')) {
      const inboxProbe = await c.request('GET', inboxUrl, agent);
      process.stdout.write('inbox… ');
      rows.push(
        isMissing(inboxProbe)
          ? { scenario: 'inbox first page (open, all)', clients: rc, missing: 'endpoint missing', aim: 'p95 ≤ 20 ms' }
          : {
              scenario: 'inbox first page (open, all)', clients: rc, aim: 'p95 ≤ 20 ms', met: (r) => r.p95 <= 20,
              ...(await measured(rc, async (_i, time) => {
                expect(await time('inbox', () => c.request('GET', inboxUrl, agent)), [200], 'inbox');
              })),
            },
      );
    }

    // (c) 360 by phone: the agent types the number as customers say it, then opens the profile.
    if (want('lookup')) {
      const lookupProbe = await c.request('GET', `/api/customers/lookup?q=${localFormat(phones[0])}`, agent);
      process.stdout.write('360… ');
      if (isMissing(lookupProbe)) {
        rows.push({ scenario: 'lookup by phone (0912…)', clients: rc, missing: 'endpoint missing', aim: 'p95 ≤ 20 ms' });
        rows.push({ scenario: 'customer 360', clients: rc, missing: 'endpoint missing', aim: 'p95 ≤ 20 ms' });
      } else {
        const id = jsonAt(lookupProbe.json, 'items', 0, 'id');
        const probe360 = id ? await c.request('GET', `/api/customers/${id}/360`, agent) : { status: 404, json: { error: { id: 'route.not_found' } } };
        const { result, cpu, load } = await measured(rc, async (_i, time) => {
          const hit = expect(await time('lookup', () => c.request('GET', `/api/customers/lookup?q=${localFormat(pick(phones))}`, agent)), [200], 'lookup');
          const cid = jsonAt(hit, 'items', 0, 'id');
          if (!cid) throw new Error('lookup by phone found nobody');
          if (!isMissing(probe360)) expect(await time('360', () => c.request('GET', `/api/customers/${cid}/360`, agent)), [200], '360');
        });
        // One run times both steps; the CPU per request is their average.
        rows.push({ scenario: 'lookup by phone (0912…)', clients: rc, result, cpu, load, step: 'lookup', aim: 'p95 ≤ 20 ms', met: (r) => r.p95 <= 20 });
        rows.push(
          isMissing(probe360)
            ? { scenario: 'customer 360', clients: rc, missing: 'endpoint missing', aim: 'p95 ≤ 20 ms' }
            : { scenario: 'customer 360', clients: rc, result, cpu, load, step: '360', aim: 'p95 ≤ 20 ms', met: (r) => r.p95 <= 20 },
        );
      }
    }

    // (d) name search without diacritics
    if (want('search')) {
      const searchUrl = `/api/customers/lookup?q=${encodeURIComponent('nguyen van')}`;
      process.stdout.write('search… ');
      const searchProbe = await c.request('GET', searchUrl, agent);
      rows.push(
        isMissing(searchProbe)
          ? { scenario: 'search "nguyen van"', clients: rc, missing: 'endpoint missing', aim: 'p95 ≤ 50 ms' }
          : {
              scenario: 'search "nguyen van"', clients: rc, aim: 'p95 ≤ 50 ms', met: (r) => r.p95 <= 50,
              ...(await measured(rc, async (_i, time) => {
                const items = jsonAt(expect(await time('search', () => c.request('GET', searchUrl, agent)), [200], 'search'), 'items');
                if (!Array.isArray(items) || !items.length) throw new Error('search found nobody');
              })),
            },
      );
    }

    // (e) ticket full-text search as the inbox runs it (subject, message bodies, customer, number),
    // typed without diacritics, over all statuses, first page with its match snippets.
    if (want('tickets')) {
      process.stdout.write('ticket search… ');
      for (const text of TICKET_SEARCHES) {
        const url = `/api/tickets?view=all&status=all&q=${encodeURIComponent(text)}`;
        rows.push({
          scenario: `ticket search "${text}"`, clients: rc, aim: 'p95 ≤ 50 ms', met: (r) => r.p95 <= 50,
          ...(await measured(rc, async (_i, time) => {
            const items = jsonAt(expect(await time('tickets', () => c.request('GET', url, agent)), [200], 'ticket search'), 'items');
            if (!Array.isArray(items)) throw new Error('ticket search: no items');
          })),
        });
      }
    }
    process.stdout.write('\n');
  }

  if (opts.skipIngest) {
    c.close();
    return rows;
  }
  // (a) ingest: half from known customers (their number as typed locally), half from new ones.
  process.stdout.write('measuring ingest…\n');
  const tokenRes = await c.request('POST', '/api/tokens', admin, { name: 'bench' });
  const runId = Date.now().toString(36);
  const channels = ['zalo', 'messenger', 'webchat'] as const;
  const ingestAim = kind === 'postgres' ? '≥ 1000 msg/s' : '— (aim is for PostgreSQL)';
  const token = jsonAt(tokenRes.json, 'token');
  if (isMissing(tokenRes) || typeof token !== 'string' || !token) {
    rows.unshift({ scenario: 'inbound ingest (POST /api/inbound/messages)', clients: opts.concurrency, missing: 'endpoint missing (POST /api/tokens)', aim: ingestAim });
  } else {
    const bearer = { authorization: `Bearer ${token}` };
    const body = (i: number) => {
      const existing = i % 2 === 0;
      const p = MOBILE_PREFIXES[i % MOBILE_PREFIXES.length][0];
      const phone = existing ? localFormat(pick(phones)) : `0${p}${String(Math.floor(Math.random() * 10 ** (9 - p.length))).padStart(9 - p.length, '0')}`;
      return {
        channel: channels[i % 3],
        externalId: `bench-${runId}-${i}`,
        from: { kind: 'phone', value: phone, name: existing ? undefined : 'Khách Thử Nghiệm' },
        body: 'Shop ơi cho mình hỏi đơn hàng giao chưa ạ?',
      };
    };
    const probe = await c.request('POST', '/api/inbound/messages', bearer, body(1_000_000_001));
    rows.unshift(
      isMissing(probe)
        ? { scenario: 'inbound ingest (POST /api/inbound/messages)', clients: opts.concurrency, missing: 'endpoint missing', aim: ingestAim }
        : {
            scenario: 'inbound ingest (POST /api/inbound/messages)', clients: opts.concurrency, aim: ingestAim,
            met: kind === 'postgres' ? (r) => r.rps >= 1000 : undefined,
            result: await run(opts.concurrency, async (i, time) => {
              expect(await time('ingest', () => c.request('POST', '/api/inbound/messages', bearer, body(i))), [201], 'ingest');
            }),
          },
    );
  }
  c.close();
  return rows;
}

const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '—');
const int = (n: number) => Math.round(n).toLocaleString('en-US');

function report(kind: Target['kind'], built: Built, rows: Row[]): string {
  const c = built.demo.counts;
  const lines = [
    '',
    `### ${kind === 'postgres' ? `PostgreSQL ${built.version}` : `Embedded (PGlite, PostgreSQL ${built.version})`} — ${int(c.customers)} customers`,
    `${int(c.customers)} customers, ${int(c.identities)} identities, ${int(c.tickets)} tickets, ${int(c.messages)} messages, ${int(c.events)} events; ` +
      `generated in ${fmt(built.demo.seconds)} s (${int(built.demo.rowsPerSecond)} rows/s). ${os.cpus().length} CPU, ${opts.duration} s per scenario after a warm-up.`,
    `Load when the report was printed: ${execSync('uptime').toString().trim()}. CPU per request: the server process, and PostgreSQL's backends of this database (the job queue's polling included).`,
    '',
    '| scenario | clients | requests | req/s | p50 ms | p95 ms | p99 ms | errors | server CPU ms/req | db CPU ms/req | load (1 min) | aim | met |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const r of rows) {
    if (!r.result) {
      lines.push(`| ${r.scenario} | ${r.clients} | — | — | — | — | — | — | — | — | — | ${r.aim} | ${r.missing} |`);
      continue;
    }
    const lat = r.result.latencies[r.step ?? Object.keys(r.result.latencies)[0]] ?? [];
    const rps = lat.length / r.result.seconds;
    const p95 = percentile(lat, 95);
    const met = r.met ? (r.met({ rps, p95 }) ? 'yes' : '**no**') : '—';
    lines.push(
      `| ${r.scenario} | ${r.clients} | ${int(lat.length)} | ${int(rps)} | ${fmt(percentile(lat, 50))} | ${fmt(p95)} | ${fmt(percentile(lat, 99))} | ${r.result.errors} | ${fmt(r.cpu?.server ?? NaN, 2)} | ${fmt(r.cpu?.db ?? NaN, 2)} | ${fmt(r.load ?? NaN, 2)} | ${r.aim} | ${met} |`,
    );
    if (r.result.firstError) lines.push(`|  ↳ first error: ${r.result.firstError.replace(/\|/g, '/')} | | | | | | | | | | | | |`);
  }
  return lines.join('\n');
}

async function main() {
  const kinds: Target['kind'][] = opts.db === 'both' ? ['embedded', 'postgres'] : [opts.db];
  const out: string[] = [];
  for (const kind of kinds) {
    console.log(`\n== ${kind}: ${int(opts.customers)} customers ==`);
    const target = await prepare(kind);
    let server: Awaited<ReturnType<typeof startServer>> | undefined;
    try {
      const built = await build(target);
      console.log(`generated in ${fmt(built.demo.seconds)} s (${int(built.demo.rowsPerSecond)} rows/s); starting the server…`);
      server = await startServer(target);
      const rows = await measure(server, built, target);
      const text = report(kind, built, rows);
      console.log(text);
      out.push(text);
    } finally {
      await server?.stop();
      await target.cleanup();
    }
  }
  if (out.length > 1) console.log(`\n${out.join('\n')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
