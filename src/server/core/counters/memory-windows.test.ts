import { describe, expect, it } from 'vitest';
import { memoryWindows } from './memory-windows.js';

describe('memoryWindows: rate-limit counts in one process', () => {
  it('gives each of a burst of concurrent hits its own count', async () => {
    const w = memoryWindows();
    const counts = await Promise.all(Array.from({ length: 5 }, () => w.hit('visitor-a', 10_000)));
    expect(counts.map((c) => c.current)).toEqual([1, 2, 3, 4, 5]);
    expect((await w.hit('visitor-b', 10_000)).current).toBe(1);
  });

  it('starts a fresh window when the last one has ended, and says how long is left', async () => {
    let now = 1_000;
    const w = memoryWindows(() => now);
    await w.hit('k', 10_000);
    now += 4_000;
    expect(await w.hit('k', 10_000)).toEqual({ current: 2, ttl: 6_000 });
    now += 6_000;
    expect(await w.hit('k', 10_000)).toEqual({ current: 1, ttl: 10_000 });
  });
});
