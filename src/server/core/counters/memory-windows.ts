import type { WindowCount } from './types.js';

/** Counting past this many live keys first drops the windows that have ended (a flood of new addresses). */
const SWEEP_AT = 10_000;

/**
 * Fixed-window hit counts in this process, for rate limits that need not be shared between instances.
 * Each hit gets its own count (the plugin's own in-memory store hands every caller the same mutable
 * record, so a burst of concurrent requests all saw the last count and were all refused).
 */
export function memoryWindows(now: () => number = Date.now) {
  const windows = new Map<string, { hits: number; endsAt: number }>();
  return {
    async hit(key: string, windowMs: number): Promise<WindowCount> {
      const t = now();
      let w = windows.get(key);
      if (!w || w.endsAt <= t) {
        if (!w && windows.size >= SWEEP_AT) for (const [k, v] of windows) if (v.endsAt <= t) windows.delete(k);
        w = { hits: 0, endsAt: t + windowMs };
        windows.set(key, w);
      }
      w.hits += 1;
      return { current: w.hits, ttl: w.endsAt - t };
    },
  };
}
