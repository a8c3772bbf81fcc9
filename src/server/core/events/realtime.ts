import type { StoredEvent } from '../db/types.js';
import { createLocalBus, type ClusterBus } from '../cluster/bus.js';

/**
 * Fan-out of committed events to connected browsers. Each socket subscribes to topics
 * ("inbox", "ticket:<id>", "customer:<id>"); an event reaches a socket of its workspace only when
 * one of the event's topics is subscribed. Across several app processes the events, the per-user
 * payloads and presence are relayed through the cluster bus (PostgreSQL LISTEN/NOTIFY), so a socket
 * on any instance gets what any instance publishes.
 */
export interface RealtimeClient {
  workspaceId: string;
  userId: string;
  topics: Set<string>;
  send(payload: unknown): void;
}

export interface Realtime {
  add(client: RealtimeClient): () => void;
  publish(events: StoredEvent[]): void;
  clientCount(): number;
  /** Sends a payload to every socket of one user, whatever it subscribed to (notifications); returns how many got it. */
  sendToUser(workspaceId: string, userId: string, payload: unknown): number;
  /** The users of a workspace with at least one socket open to this process (presence). */
  onlineUserIds(workspaceId: string): Set<string>;
  /** The messages between instances (also used by channels with their own sockets: the chat widget). */
  readonly cluster: ClusterBus;
  /** Stops the presence timer and the bus's listening connection. */
  close(): Promise<void>;
}

/** How often an instance tells the others who is connected to it, and when silence means it is gone. */
export const PRESENCE_SNAPSHOT_MS = 15_000;
export const PRESENCE_EXPIRY_MS = 45_000;

type WireEvent = Pick<StoredEvent, 'id' | 'workspace_id' | 'type' | 'subject_type' | 'subject_id' | 'data' | 'created_at'>;

/** Topics an event belongs to, read from its subject and data. */
export function topicsOf(e: StoredEvent): string[] {
  const topics = new Set<string>();
  if (e.subject_type === 'ticket') {
    topics.add(`ticket:${e.subject_id}`);
    topics.add('inbox');
  }
  if (e.subject_type === 'customer') topics.add(`customer:${e.subject_id}`);
  const d = e.data as Record<string, unknown>;
  if (typeof d.ticketId === 'string') {
    topics.add(`ticket:${d.ticketId}`);
    topics.add('inbox');
  }
  if (typeof d.customerId === 'string') topics.add(`customer:${d.customerId}`);
  // Early-warning alerts (raised, acknowledged, resolved) reach the dashboards' alert list.
  if (typeof d.alertId === 'string') topics.add('alerts');
  return [...topics];
}

/**
 * Presence: an agent is online while at least one of their sockets is open on any instance (the app
 * keeps one per tab and the heartbeat ends sockets of sleeping laptops). Idle tabs still count as
 * online. Each instance announces its own comings and goings and, every PRESENCE_SNAPSHOT_MS, its
 * whole list; an instance not heard of for PRESENCE_EXPIRY_MS (killed) no longer counts.
 */
export function createRealtime(cluster: ClusterBus = createLocalBus()): Realtime {
  const clients = new Set<RealtimeClient>();
  /** Open sockets of this process per workspace and user. */
  const sockets = new Map<string, Map<string, number>>();
  /** Users online on other instances: per instance, when last heard of and its users per workspace. */
  const remote = new Map<string, { seenAt: number; users: Map<string, Set<string>> }>();

  const onRemote = (workspaceId: string, userId: string) => {
    for (const r of remote.values()) if (r.users.get(workspaceId)?.has(userId)) return true;
    return false;
  };
  const isOnline = (workspaceId: string, userId: string) => (sockets.get(workspaceId)?.get(userId) ?? 0) > 0 || onRemote(workspaceId, userId);

  // Every socket of the workspace learns when an agent comes or goes (the live view, assignment pickers).
  const announce = (workspaceId: string, userId: string, online: boolean) => {
    const payload = { type: 'presence', userId, online };
    for (const c of clients) if (c.workspaceId === workspaceId) c.send(payload);
  };

  const deliver = (events: WireEvent[]) => {
    for (const e of events) {
      const topics = topicsOf(e as StoredEvent);
      const payload = {
        type: 'event',
        event: { id: e.id, type: e.type, subjectType: e.subject_type, subjectId: e.subject_id, data: e.data, createdAt: e.created_at },
        topics,
      };
      for (const c of clients) {
        if (c.workspaceId !== e.workspace_id) continue;
        if (topics.some((t) => c.topics.has(t))) c.send(payload);
      }
    }
  };
  const sendLocal = (workspaceId: string, userId: string, payload: unknown) => {
    let n = 0;
    for (const c of clients) {
      if (c.workspaceId !== workspaceId || c.userId !== userId) continue;
      c.send(payload);
      n++;
    }
    return n;
  };

  /** Replaces what another instance holds, announcing only the users whose overall state changed. */
  const setRemote = (origin: string, users: Map<string, Set<string>> | undefined) => {
    const before = remote.get(origin)?.users ?? new Map<string, Set<string>>();
    const touched: [string, string][] = [];
    for (const m of [before, users ?? new Map<string, Set<string>>()]) for (const [w, us] of m) for (const u of us) touched.push([w, u]);
    const was = touched.map(([w, u]) => isOnline(w, u));
    if (users) remote.set(origin, { seenAt: Date.now(), users });
    else remote.delete(origin);
    touched.forEach(([w, u], i) => {
      const now = isOnline(w, u);
      if (now !== was[i]) announce(w, u, now);
    });
  };
  const snapshot = () => [...sockets].map(([w, us]) => [w, [...us.keys()]] as [string, string[]]);
  const fromSnapshot = (list: [string, string[]][]) => new Map(list.map(([w, us]) => [w, new Set(us)]));

  cluster.subscribe('realtime.events', (p) => deliver(p as WireEvent[]));
  cluster.subscribe('realtime.user', (p) => {
    const m = p as { w: string; u: string; payload: unknown };
    sendLocal(m.w, m.u, m.payload);
  });
  cluster.subscribe('realtime.presence', (p, origin) => {
    const m = p as { w: string; u: string; online: boolean };
    const users = new Map([...(remote.get(origin)?.users ?? [])].map(([w, us]) => [w, new Set(us)]));
    const set = users.get(m.w) ?? new Set<string>();
    users.set(m.w, set);
    if (m.online) set.add(m.u);
    else set.delete(m.u);
    setRemote(origin, users);
  });
  cluster.subscribe('realtime.presence.snapshot', (p, origin) => setRemote(origin, fromSnapshot(p as [string, string[]][])));
  cluster.subscribe('realtime.presence.ask', () => cluster.publish('realtime.presence.snapshot', snapshot()));
  cluster.subscribe('realtime.presence.gone', (_p, origin) => setRemote(origin, undefined));

  let timer: NodeJS.Timeout | undefined;
  if (cluster.shared) {
    // A new instance asks the others who is connected to them, then keeps telling its own list.
    cluster.publish('realtime.presence.ask', {});
    timer = setInterval(() => {
      cluster.publish('realtime.presence.snapshot', snapshot());
      const old = Date.now() - PRESENCE_EXPIRY_MS;
      for (const [origin, r] of remote) if (r.seenAt < old) setRemote(origin, undefined);
    }, PRESENCE_SNAPSHOT_MS);
    timer.unref();
  }

  return {
    cluster,
    add(client) {
      clients.add(client);
      const users = sockets.get(client.workspaceId) ?? new Map<string, number>();
      sockets.set(client.workspaceId, users);
      const before = users.get(client.userId) ?? 0;
      const elsewhere = before === 0 && onRemote(client.workspaceId, client.userId);
      users.set(client.userId, before + 1);
      if (before === 0) {
        if (!elsewhere) announce(client.workspaceId, client.userId, true);
        cluster.publish('realtime.presence', { w: client.workspaceId, u: client.userId, online: true });
      }
      let removed = false;
      return () => {
        if (removed) return;
        removed = true;
        clients.delete(client);
        const left = (users.get(client.userId) ?? 1) - 1;
        if (left > 0) {
          users.set(client.userId, left);
          return;
        }
        users.delete(client.userId);
        if (users.size === 0 && sockets.get(client.workspaceId) === users) sockets.delete(client.workspaceId);
        if (!onRemote(client.workspaceId, client.userId)) announce(client.workspaceId, client.userId, false);
        cluster.publish('realtime.presence', { w: client.workspaceId, u: client.userId, online: false });
      };
    },
    sendToUser(workspaceId, userId, payload) {
      cluster.publish('realtime.user', { w: workspaceId, u: userId, payload }, { skipWhenAlone: true });
      return sendLocal(workspaceId, userId, payload);
    },
    onlineUserIds(workspaceId) {
      const ids = new Set(sockets.get(workspaceId)?.keys() ?? []);
      for (const r of remote.values()) for (const u of r.users.get(workspaceId) ?? []) ids.add(u);
      return ids;
    },
    publish(events) {
      if (events.length === 0) return;
      deliver(events);
      // Every commit's events: sent only when another instance is there to hand them to its sockets.
      cluster.publish(
        'realtime.events',
        events.map((e): WireEvent => ({ id: e.id, workspace_id: e.workspace_id, type: e.type, subject_type: e.subject_type, subject_id: e.subject_id, data: e.data, created_at: e.created_at })),
        { skipWhenAlone: true },
      );
    },
    clientCount: () => clients.size,
    async close() {
      if (timer) clearInterval(timer);
      if (cluster.shared) cluster.publish('realtime.presence.gone', {});
      await cluster.close();
    },
  };
}
