import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson';

describe('wilsonInterval (95 %)', () => {
  it('matches published values', () => {
    // Wilson (1927) / Newcombe (1998) table: 81 of 263 → 0.2553–0.3662; 15 of 148 → 0.0624–0.1605.
    const a = wilsonInterval(81, 263)!;
    expect(a.low).toBeCloseTo(0.2553, 3);
    expect(a.high).toBeCloseTo(0.3662, 3);
    const b = wilsonInterval(15, 148)!;
    expect(b.low).toBeCloseTo(0.0624, 3);
    expect(b.high).toBeCloseTo(0.1605, 3);
  });
  it('stays wide and inside 0–1 for a day of one or two answers (never a point at 0 % or 100 %)', () => {
    const one = wilsonInterval(1, 1)!;
    expect(one.high).toBe(1);
    expect(one.low).toBeCloseTo(0.2065, 3);
    const zero = wilsonInterval(0, 2)!;
    expect(zero.low).toBe(0);
    expect(zero.high).toBeCloseTo(0.6576, 3);
  });
  it('narrows as n grows and has no interval without data', () => {
    const small = wilsonInterval(8, 10)!;
    const large = wilsonInterval(800, 1000)!;
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
    expect(large.low).toBeLessThan(0.8);
    expect(large.high).toBeGreaterThan(0.8);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});
