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
  publish(topic: string, payload: unknown): void;
  /** The handler gets each message of the topic published by another instance, and that instance's id. */
  subscribe(topic: string, handler: (payload: unknown, origin: string) => void): () => void;
  close(): Promise<void>;
}

export const CHANNEL = 'tt_cluster';
/** NOTIFY payloads must stay under 8000 bytes; larger messages go through cluster_relay by id. */
export const MAX_NOTIFY_BYTES = 7900;

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

  const receive = async (raw: string | undefined) => {
    if (!raw) return;
    let w: Wire;
    try {
      w = JSON.parse(raw) as Wire;
    } catch {
      return;
    }
    if (w.o === instanceId) return;
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

  const send = async (topic: string, payload: unknown) => {
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
  };

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
    publish(topic, payload) {
      const bytes = Buffer.byteLength(JSON.stringify({ t: topic, p: payload }));
      pending.push({ t: topic, p: payload, bytes });
      if (pending.length > 1) return;
      setImmediate(() => flush().catch((err) => log(`cluster: a message could not be sent: ${(err as Error).message}`)));
    },
    subscribe: (t, h) => subs.add(t, h),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
