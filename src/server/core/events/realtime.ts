import type { StoredEvent } from '../db/types.js';

/**
 * Fan-out of committed events to connected browsers. Each socket subscribes to topics
 * ("inbox", "ticket:<id>", "customer:<id>"); an event reaches a socket of its workspace only when
 * one of the event's topics is subscribed. Across several app processes, events would also be
 * relayed through PostgreSQL LISTEN/NOTIFY (not wired yet).
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
}

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
 * Presence: an agent is online while at least one of their sockets is open (the app keeps one per tab
 * and the heartbeat ends sockets of sleeping laptops). Idle tabs still count as online. Tracked per
 * process: with several app processes each knows only its own sockets until the fan-out is relayed
 * across processes (issue 15).
 */
export function createRealtime(): Realtime {
  const clients = new Set<RealtimeClient>();
  /** Open sockets per workspace and user. */
  const sockets = new Map<string, Map<string, number>>();

  // Every socket of the workspace learns when an agent comes or goes (the live view, assignment pickers).
  const announce = (workspaceId: string, userId: string, online: boolean) => {
    const payload = { type: 'presence', userId, online };
    for (const c of clients) if (c.workspaceId === workspaceId) c.send(payload);
  };

  return {
    add(client) {
      clients.add(client);
      const users = sockets.get(client.workspaceId) ?? new Map<string, number>();
      sockets.set(client.workspaceId, users);
      const before = users.get(client.userId) ?? 0;
      users.set(client.userId, before + 1);
      if (before === 0) announce(client.workspaceId, client.userId, true);
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
        if (users.size === 0) sockets.delete(client.workspaceId);
        announce(client.workspaceId, client.userId, false);
      };
    },
    sendToUser(workspaceId, userId, payload) {
      let n = 0;
      for (const c of clients) {
        if (c.workspaceId !== workspaceId || c.userId !== userId) continue;
        c.send(payload);
        n++;
      }
      return n;
    },
    onlineUserIds: (workspaceId) => new Set(sockets.get(workspaceId)?.keys() ?? []),
    publish(events) {
      for (const e of events) {
        const topics = topicsOf(e);
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
    },
    clientCount: () => clients.size,
  };
}
