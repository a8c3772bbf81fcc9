/**
 * `npm run bench -- calls [--db embedded|postgres] [--calls 400] [--concurrency 25] [--missed 0.25]`
 *
 * The telephony webhook under load: a scratch database, the real server on a free port in a child
 * process, one workspace with a signed telephony endpoint, then N calls posted concurrently as a PBX
 * would (each call's events in order: ringing → answered → ended, or ringing → missed), over a pool of
 * caller numbers so calls both create customers and join their open phone tickets. A second pass
 * re-posts every event (duplicates). Prints events/s and p50/p95 latency per event; never asserts.
 */
import { Command } from 'commander';
import { signCallWebhook } from '../src/server/areas/channels/phone/index.js';
import { Client, jsonAt, jsonString, percentile, type LoadResult } from './load.js';
import { scratchDatabase as scratch, startServerProcess } from './support.js';

const o = new Command()
  .name('bench calls')
  .option('--db <kind>', 'embedded | postgres', 'embedded')
  .option('--calls <n>', 'calls to post', '400')
  .option('--concurrency <n>', 'calls in flight at once', '25')
  .option('--missed <ratio>', 'share of missed inbound calls', '0.25')
  .option('--numbers <n>', 'distinct caller numbers (calls per customer ≈ calls / numbers)', '150')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .parse()
  .opts();
const opts = { db: o.db as 'embedded' | 'postgres', calls: Number(o.calls), concurrency: Number(o.concurrency), missed: Number(o.missed), numbers: Number(o.numbers), pgUrl: o.pgUrl as string };
const SECRET = 'bench-signing-secret-0123456789';

async function scratchDatabase() {
  return scratch(opts.db, { label: 'calls', pgUrl: opts.pgUrl });
}

async function startServer(env: Record<string, string>) {
  return startServerProcess(env);
}

type Ev = Record<string, unknown> & { event: string };

/** The events of call i, in the order a PBX sends them. */
function eventsOfCall(i: number, startMs: number): Ev[] {
  const callId = `bench-${i}`;
  const outbound = i % 5 === 4;
  const number = `+8491${String(1_000_000 + (i % opts.numbers)).slice(-7)}`;
  const base = { callId, direction: outbound ? 'outbound' : 'inbound', from: outbound ? '101' : number, to: outbound ? number : '19001234' };
  const at = (s: number) => new Date(startMs + i * 1000 + s * 1000).toISOString();
  if (!outbound && (i * 7919) % 100 < opts.missed * 100) {
    return [
      { ...base, event: 'ringing', at: at(0) },
      { ...base, event: 'missed', at: at(30), waitSeconds: 30 },
    ];
  }
  return [
    { ...base, event: 'ringing', at: at(0) },
    { ...base, event: 'answered', at: at(8), agent: { extension: '101' } },
    { ...base, event: 'ended', at: at(200), talkSeconds: 192, wrapUpSeconds: 40, recordingUrl: `https://pbx.example.vn/rec/${callId}.mp3` },
  ];
}

async function post(c: Client, key: string, body: unknown) {
  const raw = JSON.stringify(body);
  const ts = Math.floor(Date.now() / 1000);
  const r = await c.request('POST', `/api/hooks/phone/${key}`, { 'x-tantam-timestamp': String(ts), 'x-tantam-signature': signCallWebhook(SECRET, ts, raw) }, body);
  if (r.status !== 200) throw new Error(`webhook ${r.status}: ${JSON.stringify(r.json)}`);
  return r.json;
}

/** Posts every call's events in order, `concurrency` calls at a time. */
async function pass(c: Client, key: string, calls: Ev[][]): Promise<LoadResult> {
  const latencies: Record<string, number[]> = {};
  let next = 0;
  let requests = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const worker = async () => {
    for (let i = next++; i < calls.length; i = next++) {
      for (const e of calls[i]) {
        const s = performance.now();
        try {
          await post(c, key, e);
          (latencies[e.event] ??= []).push(performance.now() - s);
          requests++;
        } catch (err) {
          errors++;
          firstError ??= (err as Error).message;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return { requests, errors, seconds: (performance.now() - t0) / 1000, latencies, firstError };
}

interface CallsPage {
  calls: { status: string; ticketId: string | null }[];
  nextCursor: string | null;
}

/** The fields of a GET /api/calls page this bench reads; throws when the answer has another shape. */
function callsPage(json: unknown): CallsPage {
  const calls = jsonAt(json, 'calls');
  const nextCursor = jsonAt(json, 'nextCursor');
  if (!Array.isArray(calls) || (nextCursor !== null && typeof nextCursor !== 'string')) {
    throw new Error(`calls page: ${JSON.stringify(json)?.slice(0, 200)}`);
  }
  return {
    calls: calls.map((x: unknown) => {
      const ticketId = jsonAt(x, 'ticketId');
      return { status: jsonString(x, 'status'), ticketId: typeof ticketId === 'string' ? ticketId : null };
    }),
    nextCursor,
  };
}

function report(label: string, r: LoadResult) {
  const all = Object.values(r.latencies).flat();
  console.log(`\n${label}: ${r.requests} events in ${r.seconds.toFixed(1)} s → ${(r.requests / r.seconds).toFixed(0)} events/s, ${r.errors} errors${r.firstError ? ` (first: ${r.firstError})` : ''}`);
  const row = (name: string, xs: number[]) => console.log(`  ${name.padEnd(9)} n=${String(xs.length).padStart(5)}  p50 ${percentile(xs, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(xs, 95).toFixed(1).padStart(6)} ms`);
  row('all', all);
  for (const [k, xs] of Object.entries(r.latencies)) row(k, xs);
}

const db = await scratchDatabase();
const server = await startServer(db.env).catch(async (err) => {
  await db.cleanup();
  throw err;
});
try {
  const c = new Client(server.base, opts.concurrency + 2);
  const setup = await c.request('POST', '/api/setup', {}, { workspaceName: 'Bench Tổng đài', name: 'Quản Trị', email: 'admin@bench.vn', password: 'mat-khau-bench-123' });
  if (setup.status !== 201) throw new Error(`setup ${setup.status} ${JSON.stringify(setup.json)}`);
  const cookie = ([] as string[]).concat(setup.headers['set-cookie'] ?? []).map((s) => s.split(';')[0]).find((s) => s.startsWith('tt_session='))!;
  const account = await c.request('POST', '/api/channel-accounts', { cookie }, { kind: 'phone', name: 'Tổng đài', config: {}, secrets: { signingSecret: SECRET } });
  if (account.status !== 201) throw new Error(`endpoint ${account.status} ${JSON.stringify(account.json)}`);
  const key = jsonString(account.json, 'address');

  const start = Date.now() - 2 * 86_400_000;
  const calls = Array.from({ length: opts.calls }, (_, i) => eventsOfCall(i, start));
  const events = calls.reduce((n, x) => n + x.length, 0);
  console.log(`calls bench (${opts.db}): ${opts.calls} calls, ${events} events, ${opts.concurrency} calls in flight, ${opts.numbers} caller numbers`);

  report('first delivery', await pass(c, key, calls));
  report('repeat delivery (duplicates)', await pass(c, key, calls));

  // What the server made of it.
  let n = 0;
  let missed = 0;
  const tickets = new Set<string>();
  const callBack = new Set<string>();
  let cursor: string | null = null;
  do {
    const page = callsPage((await c.request('GET', `/api/calls?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { cookie })).json);
    n += page.calls.length;
    for (const x of page.calls) {
      if (x.ticketId) tickets.add(x.ticketId);
      if (x.status === 'missed' && x.ticketId) callBack.add(x.ticketId);
    }
    missed += page.calls.filter((x) => x.status === 'missed').length;
    cursor = page.nextCursor;
  } while (cursor);
  console.log(`\nresult: ${n} call rows (${missed} missed) in ${tickets.size} phone tickets, ${callBack.size} of them call-back tasks`);
  c.close();
} finally {
  await server.stop();
  await db.cleanup();
}
