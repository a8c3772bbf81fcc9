/**
 * `npm run bench -- messenger [--db embedded|postgres] [--deliveries 300] [--events 3] [--psids 200] [--concurrency 20]`
 *
 * The Messenger webhook under load: a scratch database, the real server in a child process (workers on)
 * pointed at a local fake Graph API (GRAPH_API_BASE), one Page connected through the settings API, and
 * one agent socket on /api/ws subscribed to "inbox". Facebook-shaped deliveries (one entry, several
 * message events from a pool of PSIDs, signed X-Hub-Signature-256) are posted concurrently. Measures:
 * webhook accepted (200) per second and per request, events processed per second (until the agent's
 * socket has every message.created), webhook POST start → agent socket p50/p99, then the same deliveries
 * again (duplicates: accepted, nothing new). Prints figures; never asserts.
 */
import { Command } from 'commander';
import WebSocket from 'ws';
import { signMessengerWebhook } from '../src/server/areas/channels/messenger/index.js';
import { startFakeGraph } from '../src/server/test/fakes/graph/server.js';
import { Client, jsonString, percentile } from './load.js';
import { scratchDatabase, startServerProcess } from './support.js';

const o = new Command()
  .name('bench messenger')
  .option('--db <kind>', 'embedded | postgres', 'embedded')
  .option('--deliveries <n>', 'webhook deliveries to post', '300')
  .option('--events <n>', 'message events per delivery', '3')
  .option('--psids <n>', 'distinct customers (PSIDs)', '200')
  .option('--concurrency <n>', 'deliveries in flight at once', '20')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .parse()
  .opts();
const DELIVERIES = Number(o.deliveries);
const EVENTS = Number(o.events);
const PSIDS = Number(o.psids);
const CONCURRENCY = Number(o.concurrency);
const APP_SECRET = 'bench-app-secret-0123456789';
const VERIFY = 'bench-verify-token';

const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '—');
const psidOf = (i: number) => String(3_000_000_000_000_000 + i);

const fake = await startFakeGraph({ pageName: 'Shop Bench' });
for (let i = 0; i < PSIDS; i++) fake.profiles.set(psidOf(i), { first_name: `Khách`, last_name: `${i + 1}`, profile_pic: `https://cdn.example/${i}.jpg` });
const db = await scratchDatabase(o.db === 'postgres' ? 'postgres' : 'embedded', { label: 'messenger', pgUrl: o.pgUrl });
try {
  const server = await startServerProcess({ ...db.env, WORKERS: 'true', GRAPH_API_BASE: fake.url });
  try {
    await run(server.base, server.port);
  } finally {
    await server.stop();
  }
} finally {
  await db.cleanup();
  await fake.close();
}

async function run(base: URL, port: number) {
  const c = new Client(base, CONCURRENCY + 2);
  const setup = await c.request('POST', '/api/setup', {}, { workspaceName: 'Shop Bench', name: 'Quản Trị', email: 'admin@bench.vn', password: 'mat-khau-bench-123' });
  if (setup.status !== 201) throw new Error(`setup ${setup.status} ${JSON.stringify(setup.json)}`);
  const cookie = ([] as string[]).concat(setup.headers['set-cookie'] ?? []).map((s) => s.split(';')[0]).find((s) => s.startsWith('tt_session='))!;
  const acc = await c.request('POST', '/api/channel-accounts', { cookie }, {
    kind: 'messenger',
    name: 'Fanpage',
    config: { pageId: fake.pageId },
    secrets: { pageAccessToken: fake.token, appSecret: APP_SECRET, verifyToken: VERIFY },
  });
  if (acc.status !== 201) throw new Error(`page ${acc.status} ${JSON.stringify(acc.json)}`);
  const key = jsonString(acc.json, 'address');

  // The agent's socket: message.created carries the preview, which names the event.
  const seenAt = new Map<string, number>();
  const agent = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, { headers: { cookie } });
  await new Promise<void>((resolve, reject) => {
    agent.once('open', () => resolve());
    agent.once('error', reject);
  });
  agent.on('message', (raw) => {
    const m = JSON.parse(raw.toString());
    if (m.type === 'event' && m.event.type === 'message.created' && m.event.data.direction === 'inbound') {
      const tag = /\[(ev-\d+)\]/.exec(String(m.event.data.preview))?.[1];
      if (tag && !seenAt.has(tag)) seenAt.set(tag, now());
    }
  });
  agent.send(JSON.stringify({ type: 'subscribe', topics: ['inbox'] }));
  await sleep(200);

  // The deliveries, built once (the second pass re-posts the same bytes).
  const t0ms = Date.now() - 3_600_000;
  let n = 0;
  const bodies = Array.from({ length: DELIVERIES }, (_, d) => {
    const tags: string[] = [];
    const messaging = Array.from({ length: EVENTS }, () => {
      const i = n++;
      tags.push(`ev-${i}`);
      const psid = psidOf((i * 7919) % PSIDS);
      return { sender: { id: psid }, recipient: { id: fake.pageId }, timestamp: t0ms + i * 10, message: { mid: `m_bench_${i}`, text: `Còn hàng không shop? [ev-${i}]` } };
    });
    const raw = JSON.stringify({ object: 'page', entry: [{ id: fake.pageId, time: t0ms + d, messaging }] });
    return { raw, tags, signature: signMessengerWebhook(APP_SECRET, raw) };
  });
  console.log(`messenger bench (${o.db}): ${DELIVERIES} deliveries × ${EVENTS} events = ${n} messages from ${PSIDS} PSIDs, ${CONCURRENCY} in flight`);

  async function pass(record: boolean) {
    const postedAt = new Map<string, number>();
    const acceptMs: number[] = [];
    let errors = 0;
    let firstError = '';
    let next = 0;
    const t0 = now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < bodies.length; i = next++) {
          const b = bodies[i];
          const s = now();
          if (record) for (const tag of b.tags) postedAt.set(tag, s);
          const r = await c.request('POST', `/api/hooks/messenger/${key}`, { 'x-hub-signature-256': b.signature, 'content-type': 'application/json' }, JSON.parse(b.raw));
          acceptMs.push(now() - s);
          if (r.status !== 200) {
            errors++;
            firstError ||= `${r.status} ${JSON.stringify(r.json)}`;
          }
        }
      }),
    );
    const seconds = (now() - t0) / 1000;
    console.log(`  accepted: ${bodies.length} deliveries (${n} events) in ${seconds.toFixed(1)} s = ${(n / seconds).toFixed(0)} events/s, ${(bodies.length / seconds).toFixed(0)} requests/s; 200 in p50 ${fmt(percentile(acceptMs, 50))}, p99 ${fmt(percentile(acceptMs, 99))}; errors ${errors}${firstError ? ` (first: ${firstError})` : ''}`);
    return { postedAt, t0 };
  }

  console.log('\nfirst delivery');
  const { postedAt, t0 } = await pass(true);
  const until = Date.now() + 120_000;
  while (seenAt.size < n && Date.now() < until) await sleep(50);
  const last = Math.max(...seenAt.values());
  const lat = [...postedAt.entries()].filter(([tag]) => seenAt.has(tag)).map(([tag, s]) => seenAt.get(tag)! - s);
  console.log(`  processed: ${seenAt.size} of ${n} messages on the agent's socket, ${(seenAt.size / ((last - t0) / 1000)).toFixed(0)} events/s from the first POST to the last push`);
  console.log(`  webhook POST → agent socket: p50 ${fmt(percentile(lat, 50))}   p99 ${fmt(percentile(lat, 99))}   max ${fmt(Math.max(...lat))}`);

  console.log('\nrepeat delivery (Facebook retries: duplicates)');
  const before = seenAt.size;
  await pass(false);
  await sleep(3000);
  const tickets = await c.request('GET', '/api/tickets?limit=1', { cookie });
  console.log(`  new messages pushed: ${seenAt.size - before}; profile requests to Graph: ${fake.profileRequests.length} for ${PSIDS} PSIDs; inbox answered ${tickets.status}`);
  agent.close();
  c.close();
}
