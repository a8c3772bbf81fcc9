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

export function createRealtime(): Realtime {
  const clients = new Set<RealtimeClient>();
  return {
    add(client) {
      clients.add(client);
      return () => clients.delete(client);
    },
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
