import type { WidgetMessage } from './types';

/** A message the visitor wrote that the server has not confirmed yet (shown at once, keyed by clientId). */
export interface PendingMessage {
  clientId: string;
  body: string;
  attachments: { filename: string; contentType: string; size: number; dataBase64: string }[];
  createdAt: string;
  status: 'sending' | 'failed';
  /** Why it failed, already in the visitor's language. */
  error?: string;
  /** Network/5xx/429 failures are retried; a 4xx (too large, wrong type) is not. */
  retryable?: boolean;
  /** Sends tried so far (the automatic retry backs off by it). */
  attempts?: number;
}

/**
 * The conversation as the visitor sees it. Confirmed messages are keyed by server id, so the same
 * message arriving from the POST answer, the WebSocket and the `after=` catch-up is kept once; a
 * confirmed message carrying a pending one's clientId replaces that optimistic bubble.
 */
export class MessageStore {
  private byId = new Map<string, WidgetMessage>();
  private pending = new Map<string, PendingMessage>();

  /** Returns true when something changed. */
  merge(messages: WidgetMessage[]): boolean {
    let changed = false;
    for (const m of messages) {
      if (m.clientId && this.pending.delete(m.clientId)) changed = true;
      const old = this.byId.get(m.id);
      if (!old || old.seq !== m.seq || old.body !== m.body || old.attachments.length !== m.attachments.length) {
        this.byId.set(m.id, m);
        changed = true;
      }
    }
    return changed;
  }

  addPending(p: PendingMessage) {
    this.pending.set(p.clientId, p);
  }

  updatePending(clientId: string, patch: Partial<PendingMessage>) {
    const p = this.pending.get(clientId);
    if (p) Object.assign(p, patch);
  }

  removePending(clientId: string) {
    this.pending.delete(clientId);
  }

  getPending(clientId: string) {
    return this.pending.get(clientId);
  }

  /** Failed sends worth another try (after a reconnect). */
  retryable(): PendingMessage[] {
    return [...this.pending.values()].filter((p) => p.status === 'failed' && p.retryable);
  }

  confirmed(): WidgetMessage[] {
    return [...this.byId.values()].sort((a, b) => a.seq - b.seq);
  }

  pendingList(): PendingMessage[] {
    return [...this.pending.values()];
  }

  /** The highest seq held: what the `after=` catch-up asks from. */
  lastSeq(): number {
    let max = 0;
    for (const m of this.byId.values()) if (m.seq > max) max = m.seq;
    return max;
  }

  lastAgentSeq(): number {
    let max = 0;
    for (const m of this.byId.values()) if (m.direction === 'agent' && m.seq > max) max = m.seq;
    return max;
  }

  unreadAfter(seenSeq: number): number {
    let n = 0;
    for (const m of this.byId.values()) if (m.direction === 'agent' && m.seq > seenSeq) n++;
    return n;
  }

  /** Another visitor now (token replaced): their seqs start over, so the old messages must go; unsent ones stay. */
  clearConfirmed() {
    this.byId.clear();
  }
}
