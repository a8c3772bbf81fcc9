import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../db/types.js';

/**
 * Messages between the app instances that share one database (issue 15): what one instance publishes
 * reaches the subscribers of every OTHER instance (the publisher delivers to its own sockets itself,
 * at once, without a round trip). Best effort, like the realtime push it carries: a message sent while
 * an instance's listening connection is down is lost for that instance.
 */
export interface ClusterBus {
  /** This process's name in leases and messages (host:pid:random). */
  readonly instanceId: string;
  /** True when other instances may be listening (PostgreSQL); false for one process alone (embedded). */
  readonly shared: boolean;
  /**
   * Sends to the other instances. `skipWhenAlone`: not sent while this instance knows of no other one (none
   * heard from for PEER_EXPIRY_MS, and its own listening connection is up) — for traffic that only other
   * instances' sockets need (every committed event, every agent notification), which a single instance would
   * otherwise send to PostgreSQL and read back for nothing. Instances announce themselves when they connect
   * (and every PEER_HEARTBEAT_MS), long before they can have sockets of their own.
   */
  publish(topic: string, payload: unknown, opts?: { skipWhenAlone?: boolean }): void;
  /** The handler gets each message of the topic published by another instance, and that instance's id. */
  subscribe(topic: string, handler: (payload: unknown, origin: string) => void): () => void;
  close(): Promise<void>;
}

export const CHANNEL = 'tt_cluster';
/** NOTIFY payloads must stay under 8000 bytes; larger messages go through cluster_relay by id. */
export const MAX_NOTIFY_BYTES = 7900;
/** How often an instance says it is there, and after how long without a word another one counts it gone. */
export const PEER_HEARTBEAT_MS = 15_000;
export const PEER_EXPIRY_MS = 45_000;
/** The bus's own topic: an instance is there (ask: answer so that I know you; bye: I am leaving). */
const HELLO = '_bus.hello';

/** One message (t, p — or r, a cluster_relay row), or several published in the same turn of the event loop (b). */
type Wire = { o: string; t?: string; p?: unknown; r?: number; b?: { t: string; p: unknown }[] };

export function newInstanceId(): string {
  return `${process.env.HOSTNAME ?? 'host'}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

class Subscribers {
  private byTopic = new Map<string, Set<(p: unknown, origin: string) => void>>();
  add(topic: string, h: (p: unknown, origin: string) => void) {
    const set = this.byTopic.get(topic) ?? new Set();
    this.byTopic.set(topic, set);
    set.add(h);
    return () => void set.delete(h);
  }
  deliver(topic: string, payload: unknown, origin: string) {
    for (const h of this.byTopic.get(topic) ?? []) {
      try {
        h(payload, origin);
      } catch (err) {
        console.error(`cluster message handler failed (${topic})`, (err as Error).message);
      }
    }
  }
}

/**
 * One process and nobody else: the embedded database (PGlite runs inside this process and has one
 * connection, so its LISTEN/NOTIFY would only ever reach this same process) and the tests.
 */
export function createLocalBus(instanceId = newInstanceId()): ClusterBus {
  const subs = new Subscribers();
  return {
    instanceId,
    shared: false,
    publish: () => undefined,
    subscribe: (t, h) => subs.add(t, h),
    close: async () => undefined,
  };
}

/**
 * PostgreSQL LISTEN/NOTIFY: one dedicated connection per instance listens (`listenUrl`, a direct
 * connection: a transaction-pooling pgbouncer cannot hold a LISTEN); NOTIFY goes out through the
 * app's pool as one statement. It reconnects after a lost connection, waiting 0.5 s, then up to 10 s.
 */
export async function createPgBus(db: Db, listenUrl: string, opts: { instanceId?: string; log?: (m: string) => void } = {}): Promise<ClusterBus> {
  const instanceId = opts.instanceId ?? newInstanceId();
  const log = opts.log ?? ((m: string) => console.warn(m));
  const subs = new Subscribers();
  let client: pg.Client | undefined;
  let closed = false;
  let retryMs = 500;
  let timer: NodeJS.Timeout | undefined;
  /** Other instances on this database, by id: when each was last heard from. */
  const peers = new Map<string, number>();
  const alone = () => {
    // Our own listening connection down: we cannot know who is there, so we keep sending.
    if (!client) return false;
    const old = Date.now() - PEER_EXPIRY_MS;
    for (const [id, at] of peers) if (at < old) peers.delete(id);
    return peers.size === 0;
  };
  // Our own notifications come back to our listening connection: skipped before parsing them.
  const ownPrefix = JSON.stringify({ o: instanceId }).slice(0, -1);

  const receive = async (raw: string | undefined) => {
    if (!raw || raw.startsWith(ownPrefix)) return;
    let w: Wire;
    try {
      w = JSON.parse(raw) as Wire;
    } catch {
      return;
    }
    if (w.o === instanceId) return;
    peers.set(w.o, Date.now());
    if (w.t === HELLO) {
      const hello = w.p as { ask?: boolean; bye?: boolean } | undefined;
      if (hello?.bye) peers.delete(w.o);
      else if (hello?.ask) void send(HELLO, {}).catch(() => undefined);
      return;
    }
    if (w.b) {
      for (const m of w.b) subs.deliver(m.t, m.p, w.o);
      return;
    }
    if (!w.t) return;
    let payload = w.p;
    if (w.r !== undefined) {
      const row = await db.maybeOne<{ payload: string }>('SELECT payload FROM cluster_relay WHERE id = $1', [w.r]);
      if (!row) return;
      payload = JSON.parse(row.payload);
    }
    subs.deliver(w.t, payload, w.o);
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString: listenUrl });
    c.on('notification', (n) => {
      if (n.channel === CHANNEL) receive(n.payload).catch((err) => log(`cluster: a message could not be read: ${(err as Error).message}`));
    });
    const lost = (why: string) => {
      if (client !== c || closed) return;
      client = undefined;
      c.end().catch(() => undefined);
      log(`cluster: the listening connection was lost (${why}); reconnecting`);
      schedule();
    };
    c.on('error', (err) => lost(err.message));
    c.on('end', () => lost('ended'));
    await c.connect();
    await c.query(`LISTEN ${CHANNEL}`);
    client = c;
    retryMs = 500;
    // Here I am — and who else is? (also after a reconnect: heartbeats may have been missed meanwhile)
    await send(HELLO, { ask: true }).catch((err) => log(`cluster: could not announce this instance: ${(err as Error).message}`));
  };
  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      connect().catch((err) => {
        log(`cluster: listening failed: ${(err as Error).message}`);
        retryMs = Math.min(retryMs * 2, 10_000);
        schedule();
      });
    }, retryMs);
    timer.unref();
  };
  await connect();
  const heartbeat = setInterval(() => void send(HELLO, {}).catch(() => undefined), PEER_HEARTBEAT_MS);
  heartbeat.unref();

  async function send(topic: string, payload: unknown) {
    let text = JSON.stringify({ o: instanceId, t: topic, p: payload } satisfies Wire);
    if (Buffer.byteLength(text) > MAX_NOTIFY_BYTES) {
      // Old rows go as new ones come: every reader had them within milliseconds.
      const row = await db.one<{ id: number }>(
        `WITH gone AS (DELETE FROM cluster_relay WHERE created_at < now() - interval '10 minutes')
         INSERT INTO cluster_relay (payload) VALUES ($1) RETURNING id`,
        [JSON.stringify(payload)],
      );
      text = JSON.stringify({ o: instanceId, t: topic, r: Number(row.id) } satisfies Wire);
    }
    await db.query('SELECT pg_notify($1, $2)', [CHANNEL, text]);
  }

  // Messages published in one turn of the event loop (a reaction telling ten agents, a group of commits) go
  // out together: as few NOTIFYs as fit under the size limit, instead of one statement each.
  let pending: { t: string; p: unknown; bytes: number }[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    let chunk: typeof batch = [];
    let size = 0;
    const out = async () => {
      if (chunk.length === 1) await send(chunk[0].t, chunk[0].p);
      else if (chunk.length > 1) await db.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ o: instanceId, b: chunk.map(({ t, p }) => ({ t, p })) } satisfies Wire)]);
      chunk = [];
      size = 0;
    };
    for (const m of batch) {
      if (chunk.length && size + m.bytes > MAX_NOTIFY_BYTES - 200) await out();
      chunk.push(m);
      size += m.bytes + 1;
    }
    await out();
  };

  return {
    instanceId,
    shared: true,
    publish(topic, payload, opts) {
      if (opts?.skipWhenAlone && alone()) return;
      const bytes = Buffer.byteLength(JSON.stringify({ t: topic, p: payload }));
      pending.push({ t: topic, p: payload, bytes });
      if (pending.length > 1) return;
      setImmediate(() => flush().catch((err) => log(`cluster: a message could not be sent: ${(err as Error).message}`)));
    },
    subscribe: (t, h) => subs.add(t, h),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      clearInterval(heartbeat);
      // The others stop sending for us at once instead of after PEER_EXPIRY_MS.
      if (client) await send(HELLO, { bye: true }).catch(() => undefined);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
