/**
 * `npm run bench -- zalo [--db embedded|postgres] [--events 600] [--users 200] [--concurrency 20]`
 *
 * The Zalo OA webhook under load: a scratch database, the real server in a child process (workers on)
 * pointed at the local fake Zalo (ZALO_OAUTH_BASE / ZALO_API_BASE: token refresh and profiles), one OA
 * connected through the settings API with pasted tokens, and one agent socket on /api/ws subscribed
 * to "inbox". Zalo posts one event per request: user_send_text events from a pool of users, each
 * signed with X-ZEvent-Signature (mac = sha256(app_id + body + timestamp + OA secret key)), posted
 * concurrently. Measures: webhook accepted (durably, 200) per second and per request, events
 * processed per second (until the agent's socket has every message.created), webhook POST start →
 * agent socket p50/p99, then the same deliveries again (Zalo retries: accepted, nothing new). Prints
 * figures; never asserts.
 */
import { Command } from 'commander';
import WebSocket from 'ws';
import { signZaloWebhook } from '../src/server/areas/channels/zalo/webhook-parse.js';
import { startFakeZalo } from '../src/server/test/fakes/zalo/server.js';
import { Client, jsonString, percentile } from './load.js';
import { scratchDatabase, startServerProcess } from './support.js';

const o = new Command()
  .name('bench zalo')
  .option('--db <kind>', 'embedded | postgres', 'embedded')
  .option('--events <n>', 'webhook deliveries (one event each, as Zalo posts them)', '600')
  .option('--users <n>', 'distinct Zalo users', '200')
  .option('--concurrency <n>', 'deliveries in flight at once', '20')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .parse()
  .opts();
const EVENTS = Number(o.events);
const USERS = Number(o.users);
const CONCURRENCY = Number(o.concurrency);

const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '—');
// Zalo user ids exceed 2^53: built as strings.
const userOf = (i: number) => `84${String(1_000_000_000_000_000 + i)}`;

const fake = await startFakeZalo();
for (let i = 0; i < USERS; i++) fake.state.users.users.set(userOf(i), { user_id: userOf(i), display_name: `Khách Zalo ${i + 1}`, user_is_follower: true });
const db = await scratchDatabase(o.db === 'postgres' ? 'postgres' : 'embedded', { label: 'zalo', pgUrl: o.pgUrl });
try {
  const server = await startServerProcess({ ...db.env, WORKERS: 'true', ...fake.env });
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
  const core = fake.state.core;
  const pair = fake.state.oauth.mintPair();
  const acc = await c.request('POST', '/api/channel-accounts', { cookie }, {
    kind: 'zalo',
    name: 'Zalo OA Bench',
    config: { appId: core.appId, oaId: core.oaId },
    secrets: { appSecret: core.appSecret, oaSecretKey: core.oaSecretKey, accessToken: pair.access_token, refreshToken: pair.refresh_token },
  });
  if (acc.status !== 201) throw new Error(`account ${acc.status} ${JSON.stringify(acc.json)}`);
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

  // The deliveries, built once (the second pass re-posts the same bytes, inside Zalo's replay window).
  const t0ms = Date.now();
  const bodies = Array.from({ length: EVENTS }, (_, i) => {
    const event = {
      app_id: core.appId,
      user_id_by_app: '5123456789012345678',
      event_name: 'user_send_text',
      timestamp: String(t0ms + i),
      sender: { id: userOf((i * 7919) % USERS) },
      recipient: { id: core.oaId },
      message: { msg_id: `bench${i.toString(16).padStart(8, '0')}`, text: `Shop còn hàng không ạ? [ev-${i}]` },
    };
    return { event, tag: `ev-${i}`, signature: signZaloWebhook(JSON.stringify(event), core.oaSecretKey) };
  });
  console.log(`zalo bench (${o.db}): ${EVENTS} webhook deliveries (one event each) from ${USERS} users, ${CONCURRENCY} in flight`);

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
          if (record) postedAt.set(b.tag, s);
          const r = await c.request('POST', `/api/hooks/zalo/${key}`, { 'x-zevent-signature': b.signature }, b.event);
          acceptMs.push(now() - s);
          if (r.status !== 200) {
            errors++;
            firstError ||= `${r.status} ${JSON.stringify(r.json)}`;
          }
        }
      }),
    );
    const seconds = (now() - t0) / 1000;
    console.log(`  accepted: ${bodies.length} events in ${seconds.toFixed(1)} s = ${(bodies.length / seconds).toFixed(0)} events/s; 200 in p50 ${fmt(percentile(acceptMs, 50))}, p99 ${fmt(percentile(acceptMs, 99))}; errors ${errors}${firstError ? ` (first: ${firstError})` : ''}`);
    return { postedAt, t0 };
  }

  console.log('\nfirst delivery');
  const { postedAt, t0 } = await pass(true);
  const until = Date.now() + 180_000;
  while (seenAt.size < EVENTS && Date.now() < until) await sleep(50);
  const last = Math.max(...seenAt.values());
  const lat = [...postedAt.entries()].filter(([tag]) => seenAt.has(tag)).map(([tag, s]) => seenAt.get(tag)! - s);
  console.log(`  processed: ${seenAt.size} of ${EVENTS} messages on the agent's socket, ${(seenAt.size / ((last - t0) / 1000)).toFixed(0)} events/s from the first POST to the last push`);
  console.log(`  webhook POST → agent socket: p50 ${fmt(percentile(lat, 50))}   p99 ${fmt(percentile(lat, 99))}   max ${fmt(Math.max(...lat))}`);

  console.log('\nrepeat delivery (Zalo retries: duplicates)');
  const before = seenAt.size;
  await pass(false);
  await sleep(3000);
  const refreshes = fake.state.calls.filter((x) => x.path === '/v4/oa/access_token').length;
  console.log(`  new messages pushed: ${seenAt.size - before}; profile requests to Zalo: ${fake.state.users.detailCalls} for ${USERS} users; token refreshes: ${refreshes}`);
  agent.close();
  c.close();
}
