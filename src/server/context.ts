import type { Db } from './db/types.js';
import type { Env } from './env.js';
import type { Realtime } from './events/realtime.js';

/** What every handler, command and query can reach: built once at boot, passed explicitly. */
export interface AppContext {
  db: Db;
  env: Env;
  realtime: Realtime;
}
