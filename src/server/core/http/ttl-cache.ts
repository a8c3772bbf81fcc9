import type { AppContext } from '../context.js';

/**
 * A bounded map whose entries are read again after a time to live, for rows every request needs (API
 * tokens, sessions) that change rarely and whose changes are also announced (committed events, the
 * cluster bus). The time to live bounds how long a change whose announcement was lost goes unseen.
 *
 * Forgetting bumps a generation: a read that started before a forget (it may have read the row as it
 * was before the change) must not put its stale copy back, so `set` with the generation seen when the
 * read began is dropped when a forget happened since.
 */
export class TtlCache<V> {
  private entries = new Map<string, { value: V; readAt: number }>();
  private gen = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** Read before the database read; pass it to `set` afterwards. */
  get generation(): number {
    return this.gen;
  }

  get(key: string, now = Date.now()): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (now - e.readAt > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  /** Keeps `value`, unless something was forgotten since `readSince` (the generation when its read began). */
  set(key: string, value: V, now = Date.now(), readSince = this.gen): void {
    if (readSince !== this.gen) return;
    this.entries.delete(key);
    this.entries.set(key, { value, readAt: now });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** Entries held (expired ones count until they are next looked up). */
  get size(): number {
    return this.entries.size;
  }

  /** Drops the entry under `key`. */
  forget(key: string): void {
    this.gen++;
    this.entries.delete(key);
  }

  /** Drops every entry `drop` picks. */
  forgetWhere(drop: (value: V) => boolean): void {
    this.gen++;
    for (const [key, e] of this.entries) if (drop(e.value)) this.entries.delete(key);
  }
}

/** What a cache's invalidation needs of the app context. */
type BusContext = Pick<AppContext, 'db' | 'realtime'>;

/**
 * Wires a cache's `forget(id)` to a committed event type: when such an event commits here, its
 * subject is forgotten here and announced on the cluster bus under `topic`, which other instances
 * hear through forgetOnBus.
 */
export function forgetOnEvent(ctx: BusContext, eventType: string, topic: string, forget: (id: string) => void): void {
  ctx.db.onCommittedEvents((events) => {
    for (const e of events) {
      if (e.type !== eventType) continue;
      forget(e.subject_id);
      ctx.realtime.cluster.publish(topic, { id: e.subject_id });
    }
  });
  forgetOnBus(ctx, topic, forget);
}

/** Forgets the `{ id }` that another instance announces on the cluster bus under `topic`. */
export function forgetOnBus(ctx: BusContext, topic: string, forget: (id: string) => void): void {
  ctx.realtime.cluster.subscribe(topic, (p) => {
    const id = (p as { id?: unknown } | null)?.id;
    if (typeof id === 'string') forget(id);
  });
}
