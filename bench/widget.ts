/**
 * `npm run bench -- widget [--visitors 200] [--messages 5] [--think-ms 2000] [--db embedded|postgres]`
 *
 * The chat widget's round trip on a real server (child process, scratch database): N concurrent
 * visitors, each with a session and an open WebSocket, write messages; one agent socket on /api/ws
 * subscribed to "inbox" receives them. Measures visitor send (HTTP POST start) → the agent's socket
 * receiving message.created, then agent reply (POST start) → the visitor's socket receiving it.
 * Each visitor connects from its own loopback address (127.0.x.y), as real visitors come from
 * different addresses, so the per-address budgets apply as in production. Prints figures; never asserts.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { Command } from 'commander';
import WebSocket from 'ws';
import { jsonAt, jsonString, parseBody, percentile } from './load.js';
import { scratchDatabase, startServerProcess } from './support.js';

const o = new Command()
  .name('bench widget')
  .option('--visitors <n>', 'concurrent visitors', '200')
  .option('--messages <n>', 'messages per visitor', '5')
  .option('--think-ms <ms>', 'average pause between one visitor’s messages (randomised ±50 %)', '2000')
  .option('--replies <n>', 'agent replies measured (one per visitor, up to this many)', '200')
  .option('--agents <n>', 'agents replying at the same time', '5')
  .option('--db <kind>', 'embedded | postgres', 'embedded')
  .option('--pg-url <url>', 'PostgreSQL server for the scratch database', 'postgres://postgres@127.0.0.1:5432/postgres')
  .parse()
  .opts();
const VISITORS = Number(o.visitors);
const MESSAGES = Number(o.messages);
const THINK = Number(o.thinkMs);
const ORIGIN = 'https://shop.bench.vn';

interface Res {
  status: number;
  json: unknown;
  headers: http.IncomingHttpHeaders;
}
function request(port: number, method: string, p: string, opts: { body?: unknown; headers?: Record<string, string>; agent?: http.Agent; localAddress?: string } = {}): Promise<Res> {
  const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: p,
        agent: opts.agent,
        localAddress: opts.localAddress,
        headers: { ...opts.headers, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, json: parseBody(Buffer.concat(chunks).toString('utf8')), headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const fmt = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '—');

async function main() {
  const db = await scratchDatabase(o.db === 'postgres' ? 'postgres' : 'embedded', { label: 'widget', pgUrl: o.pgUrl });
  try {
    const server = await startServerProcess({ ...db.env, WORKERS: 'true' });
    try {
      await run(server.port);
    } finally {
      await server.stop();
    }
  } finally {
    await db.cleanup();
  }
}

async function run(port: number) {
  // A workspace open around the clock, with one widget.
  const setup = await request(port, 'POST', '/api/setup', { body: { workspaceName: 'Shop Bench', name: 'Quản Trị', email: 'admin@bench.vn', password: 'mat-khau-123' } });
  if (setup.status !== 201) throw new Error(`setup: ${setup.status} ${JSON.stringify(setup.json)}`);
  const cookie = [setup.headers['set-cookie']].flat().find((c) => c?.startsWith('tt_session='))!.split(';')[0];
  const hours = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['00:00', '24:00']]]));
  const ws = await request(port, 'PATCH', '/api/settings/workspace', { headers: { cookie }, body: { businessHours: hours } });
  if (ws.status !== 200) throw new Error(`hours: ${ws.status} ${JSON.stringify(ws.json)}`);
  const acc = await request(port, 'POST', '/api/channel-accounts', { headers: { cookie }, body: { kind: 'webchat', name: 'Website', config: { allowedOrigins: [ORIGIN] } } });
  if (acc.status !== 201) throw new Error(`widget: ${acc.status} ${JSON.stringify(acc.json)}`);
  const key = jsonString(jsonAt(acc.json, 'account') ?? acc.json, 'address');

  // The agent's socket.
  const sentAt = new Map<string, number>(); // message id → POST start (visitor send)
  const seenAt = new Map<string, number>(); // message id → agent socket received
  const ticketOfMessage = new Map<string, string>();
  const agent = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, { headers: { cookie } });
  await new Promise<void>((resolve, reject) => {
    agent.once('open', () => resolve());
    agent.once('error', reject);
  });
  agent.on('message', (raw) => {
    const m = JSON.parse(raw.toString());
    if (m.type === 'event' && m.event.type === 'message.created' && m.event.data.direction === 'inbound') {
      seenAt.set(m.event.subjectId, now());
      ticketOfMessage.set(m.event.subjectId, m.event.data.ticketId);
    }
  });
  agent.send(JSON.stringify({ type: 'subscribe', topics: ['inbox'] }));
  await sleep(200);

  // Visitors: a session and a socket each, from their own loopback address.
  console.log(`widget bench: ${VISITORS} visitors × ${MESSAGES} messages, think ≈ ${THINK} ms, ${o.db} database`);
  const replySeen = new Map<string, number>(); // agent message id → visitor socket received
  const visitors = await Promise.all(
    Array.from({ length: VISITORS }, async (_, i) => {
      const localAddress = `127.0.${1 + Math.floor(i / 250)}.${(i % 250) + 2}`;
      const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 2, localAddress } as http.AgentOptions);
      const s = await request(port, 'POST', `/api/widget/${key}/sessions`, { agent: httpAgent, localAddress, headers: { origin: ORIGIN }, body: { name: `Khách ${i + 1}` } });
      if (s.status !== 200) throw new Error(`session ${i}: ${s.status} ${JSON.stringify(s.json)}`);
      const token = jsonString(s.json, 'visitorToken');
      const sock = new WebSocket(`ws://127.0.0.1:${port}/api/widget/${key}/ws?token=${encodeURIComponent(token)}`, { headers: { origin: ORIGIN }, localAddress });
      await new Promise<void>((resolve, reject) => {
        sock.once('open', () => resolve());
        sock.once('error', reject);
      });
      sock.on('message', (raw) => {
        const f = JSON.parse(raw.toString());
        if (f.type === 'message' && f.message.direction === 'agent') {
          if (!replySeen.has(f.message.id)) replySeen.set(f.message.id, now());
          sock.send(JSON.stringify({ type: 'ack', seq: f.message.seq }));
        }
        if (f.type === 'ping') sock.send(JSON.stringify({ type: 'pong' }));
      });
      return { i, token, httpAgent, localAddress, sock, messageIds: [] as string[] };
    }),
  );
  console.log(`  ${VISITORS} sessions and sockets open`);

  // Phase 1: visitors write.
  let errors = 0;
  let firstError = '';
  const firstMessages = new Set<string>(); // each visitor's first: opens a customer and a ticket
  const t0 = now();
  await Promise.all(
    visitors.map(async (v) => {
      await sleep(Math.random() * THINK);
      for (let k = 0; k < MESSAGES; k++) {
        const start = now();
        const r = await request(port, 'POST', `/api/widget/${key}/messages`, {
          agent: v.httpAgent,
          localAddress: v.localAddress,
          headers: { origin: ORIGIN, 'x-visitor-token': v.token },
          body: { clientId: crypto.randomUUID(), body: `Khách ${v.i + 1} hỏi lần ${k + 1}: còn hàng không shop?` },
        });
        if (r.status !== 201) {
          errors++;
          firstError ||= `${r.status} ${JSON.stringify(r.json)}`;
        } else {
          const id = jsonString(r.json, 'message', 'id');
          sentAt.set(id, start);
          if (k === 0) firstMessages.add(id);
          v.messageIds.push(id);
        }
        if (k < MESSAGES - 1) await sleep(THINK * (0.5 + Math.random()));
      }
    }),
  );
  const sendSeconds = (now() - t0) / 1000;
  // Let the last events arrive.
  const until = Date.now() + 10_000;
  while ([...sentAt.keys()].some((id) => !seenAt.has(id)) && Date.now() < until) await sleep(50);
  const lat = [...sentAt.entries()].filter(([id]) => seenAt.has(id)).map(([id, s]) => seenAt.get(id)! - s);
  const lost = [...sentAt.keys()].filter((id) => !seenAt.has(id)).length;
  console.log(`\nvisitor send → agent socket (message.created on "inbox")`);
  console.log(`  messages ${sentAt.size} in ${sendSeconds.toFixed(1)} s = ${(sentAt.size / sendSeconds).toFixed(1)} messages/s (errors ${errors}${firstError ? `, first: ${firstError}` : ''}, not seen by agent ${lost})`);
  console.log(`  p50 ${fmt(percentile(lat, 50))}   p99 ${fmt(percentile(lat, 99))}   max ${fmt(Math.max(...lat))}`);
  for (const [label, first] of [['first message (new customer + ticket)', true], ['later messages (open chat)', false]] as const) {
    const l = [...sentAt.entries()].filter(([id]) => seenAt.has(id) && firstMessages.has(id) === first).map(([id, s]) => seenAt.get(id)! - s);
    console.log(`    ${label}: n ${l.length}, p50 ${fmt(percentile(l, 50))}, p99 ${fmt(percentile(l, 99))}`);
  }

  // Phase 2: the agents answer each visitor once (--agents replying at the same time).
  const replyStart = new Map<string, number>();
  const targets = visitors.filter((v) => v.messageIds.length > 0).slice(0, Number(o.replies));
  const agentHttp = new http.Agent({ keepAlive: true, maxSockets: Number(o.agents) });
  const queue = [...targets];
  const t1 = now();
  await Promise.all(
    Array.from({ length: Number(o.agents) }, async () => {
      for (let v = queue.shift(); v; v = queue.shift()) {
        const ticketId = ticketOfMessage.get(v.messageIds[0]);
        if (!ticketId) continue;
        const start = now();
        const r = await request(port, 'POST', `/api/tickets/${ticketId}/messages`, { agent: agentHttp, headers: { cookie }, body: { kind: 'reply', body: `Dạ shop chào Khách ${v.i + 1}, còn hàng ạ` } });
        if (r.status === 201) replyStart.set(jsonString(r.json, 'message', 'id'), start);
        else {
          errors++;
          firstError ||= `reply ${r.status} ${JSON.stringify(r.json)}`;
        }
      }
    }),
  );
  const replySeconds = (now() - t1) / 1000;
  const until2 = Date.now() + 10_000;
  while ([...replyStart.keys()].some((id) => !replySeen.has(id)) && Date.now() < until2) await sleep(50);
  const rl = [...replyStart.entries()].filter(([id]) => replySeen.has(id)).map(([id, s]) => replySeen.get(id)! - s);
  console.log(`\nagent reply → visitor socket (${o.agents} agents replying at once)`);
  console.log(`  replies ${replyStart.size} in ${replySeconds.toFixed(1)} s = ${(replyStart.size / replySeconds).toFixed(1)} replies/s (not seen by visitor ${replyStart.size - rl.length})`);
  console.log(`  p50 ${fmt(percentile(rl, 50))}   p99 ${fmt(percentile(rl, 99))}   max ${fmt(Math.max(...rl))}`);

  for (const v of visitors) {
    v.sock.close();
    v.httpAgent.destroy();
  }
  agent.close();
  agentHttp.destroy();
}

await main();
