import type { WidgetMessage } from './widget-message.js';

/** Server → visitor frames (webchat protocol). */
export type VisitorFrame =
  | { type: 'message'; message: WidgetMessage }
  | { type: 'typing'; name: string | null }
  | { type: 'status'; online: boolean; nextOpenAt: string | null }
  | { type: 'conversation'; status: string }
  | { type: 'ping' };

/** One open widget socket; it knows its visitor's token and base URL to build attachment links. */
export interface VisitorSocket {
  visitorId: string;
  workspaceId: string;
  key: string;
  token: string;
  base: string;
  send(frame: VisitorFrame): void;
}

/**
 * The visitors' open sockets in this process, by visitor. Like the agents' realtime fan-out this is
 * per process; several app processes would relay through PostgreSQL LISTEN/NOTIFY (not wired yet).
 */
export class VisitorSockets {
  private byVisitor = new Map<string, Set<VisitorSocket>>();

  add(s: VisitorSocket): () => number {
    let set = this.byVisitor.get(s.visitorId);
    if (!set) this.byVisitor.set(s.visitorId, (set = new Set()));
    set.add(s);
    return () => {
      const cur = this.byVisitor.get(s.visitorId);
      if (!cur) return 0;
      cur.delete(s);
      if (cur.size === 0) this.byVisitor.delete(s.visitorId);
      return cur.size;
    };
  }

  of(visitorId: string): VisitorSocket[] {
    return [...(this.byVisitor.get(visitorId) ?? [])];
  }

  count(visitorId?: string): number {
    if (visitorId) return this.byVisitor.get(visitorId)?.size ?? 0;
    let n = 0;
    for (const s of this.byVisitor.values()) n += s.size;
    return n;
  }

  /** Sends each socket of the visitor its own frame (attachment links carry that socket's token). */
  push(visitorId: string, frame: (s: VisitorSocket) => VisitorFrame | Promise<VisitorFrame | undefined> | undefined) {
    return Promise.all(
      this.of(visitorId).map(async (s) => {
        const f = await frame(s);
        if (f) s.send(f);
      }),
    );
  }
}

export const visitorSockets = new VisitorSockets();
