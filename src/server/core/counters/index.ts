import type { Db } from '../db/types.js';
import type { Env } from '../env.js';
import { postgresCounters } from './postgres.js';
import { redisCounters } from './redis.js';
import type { Counters } from './types.js';

export type { Counters, ThrottleRecord, RecordKey, WindowCount } from './types.js';
export { countHit } from './postgres.js';
export { memoryWindows } from './memory-windows.js';

/** The one place that chooses where shared counters live: Redis when REDIS_URL is set, else the database. */
export function createCounters(env: Env, db: Db): Counters {
  return env.REDIS_URL ? redisCounters(env.REDIS_URL, env.REDIS_KEY_PREFIX) : postgresCounters(db);
}
