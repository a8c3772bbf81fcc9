/**
 * Preloaded into the benchmark's server process (`--import ./bench/count-statements.ts`), never into
 * the app: counts every statement the pg driver sends (pool and direct clients alike, transaction
 * control included) and writes the running totals to STATEMENT_COUNT_FILE on SIGUSR2, so the scale
 * benchmark can read statements per message from the outside without touching production code;
 * with them, the event loop's utilisation and delay since the last reading.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay, performance as perf } from 'node:perf_hooks';
import pg from 'pg';

/**
 * statements/commits: everything. ingest*: only the transactions that filed inbound messages (those
 * that inserted a message row), so the cost inside the ingest transaction shows apart from reactions.
 */
const counts = { statements: 0, commits: 0, ingestTxStatements: 0, ingestTxMessages: 0, ingestTxs: 0, byText: {} as Record<string, number>, msByText: {} as Record<string, number> };
// STATEMENT_HISTOGRAM=1: also count by statement text (first 90 characters, spaces folded), to see which ones dominate.
const histogram = process.env.STATEMENT_HISTOGRAM === '1';
const open = new WeakMap<pg.Client, { statements: number; messages: number }>();
let pendingInsert: { statements: number; messages: number } | undefined;
const original = pg.Client.prototype.query;
// The driver's overloads (text, config object, callback forms) all pass through this one method.
pg.Client.prototype.query = function patched(this: pg.Client, ...args: unknown[]) {
  counts.statements++;
  const first = args[0];
  const text = (typeof first === 'string' ? first : (first as { text?: string } | undefined)?.text) ?? '';
  // Named statements (core/db/statement-names.ts) are parsed and planned once per connection: mark them.
  const named = typeof first === 'object' && first !== null && typeof (first as { name?: unknown }).name === 'string';
  const key = histogram ? `${named ? '[named] ' : ''}${text.replace(/\s+/g, ' ').trim().slice(0, 90)}` : '';
  if (histogram) counts.byText[key] = (counts.byText[key] ?? 0) + 1;
  const tx = open.get(this);
  if (/^\s*BEGIN\b/i.test(text)) open.set(this, { statements: 1, messages: 0 });
  else if (tx) {
    tx.statements++;
    // A group's messages go in one multi-row insert: count its rows (once it answers, before the COMMIT is sent).
    if (/^\s*INSERT INTO messages\b/.test(text)) pendingInsert = tx;
    if (/^\s*(COMMIT|ROLLBACK)\b/i.test(text)) {
      open.delete(this);
      if (/^\s*COMMIT/i.test(text) && tx.messages > 0) {
        counts.ingestTxs++;
        counts.ingestTxMessages += tx.messages;
        counts.ingestTxStatements += tx.statements;
      }
    }
  }
  if (/^\s*COMMIT\b/i.test(text)) counts.commits++;
  const result = (original as (...a: unknown[]) => unknown).apply(this, args);
  const inserting = pendingInsert;
  pendingInsert = undefined;
  if (inserting && result instanceof Promise) void result.then((r: { rowCount?: number | null }) => void (inserting.messages += r?.rowCount ?? 1), () => undefined);
  // With the histogram, also the wall time each text took (waiting for locks and the CPU included).
  if (histogram && result instanceof Promise) {
    const t0 = performance.now();
    const add = () => void (counts.msByText[key] = (counts.msByText[key] ?? 0) + performance.now() - t0);
    result.then(add, add);
  }
  return result;
} as typeof pg.Client.prototype.query;

const file = process.env.STATEMENT_COUNT_FILE;

// The event loop's utilisation and delay since the last reading (how long a ready callback — a
// statement's answer — waited for its turn): under load every statement of a transaction pays it.
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
let eluMark = perf.eventLoopUtilization();
if (file)
  process.on('SIGUSR2', () => {
    const elu = perf.eventLoopUtilization(eluMark);
    eluMark = perf.eventLoopUtilization();
    const since = { elu: elu.utilization, p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6 };
    loop.reset();
    fs.writeFileSync(file, JSON.stringify({ ...counts, loop: since }));
  });
