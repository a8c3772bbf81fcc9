/** How many hits a fixed window has counted so far, and how long until it ends (ms). */
export interface WindowCount {
  current: number;
  ttl: number;
}

/**
 * One throttle record (the login throttle's pair, address and account counters). Times are epoch
 * milliseconds by the store's own clock (the database's or Redis's), so every instance agrees.
 */
export interface ThrottleRecord {
  failures: number;
  windowStartedAt: number;
  lastFailedAt: number | null;
  lastSucceededAt: number | null;
}

export interface RecordKey {
  scope: string;
  key: string;
}

/**
 * Atomic read-modify-write of a few records: `fn` sees them (a missing one as a fresh record started
 * now) and the store's clock, and returns what to write back; nothing is written when it throws, and
 * no other update of the same keys runs in between (a row lock on PostgreSQL, WATCH/MULTI on Redis).
 */
export type UpdateRecords = <T>(
  keys: readonly RecordKey[],
  fn: (records: ThrottleRecord[], now: number) => { write: ThrottleRecord[]; result: T },
) => Promise<T>;

/**
 * Counters every instance shares: request rate limits (fixed windows) and throttle records. In
 * PostgreSQL by default; in Redis when REDIS_URL is set (core/counters/index.ts chooses).
 */
export interface Counters {
  readonly kind: 'postgres' | 'redis';
  /** One more hit in `key`'s fixed window: a fresh window when the last one ended. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /** Records of a named set (the login throttle's). */
  records(set: 'login_throttle'): { update: UpdateRecords; prune(olderThanDays: number): Promise<void> };
  close(): Promise<void>;
}
