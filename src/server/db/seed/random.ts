import { Faker, base, vi } from '@faker-js/faker';

/** Seeded randomness for the generator: a private Faker (so the app's faker is untouched) plus helpers. */
export class Rng {
  readonly faker: Faker;
  constructor(seed: number) {
    this.faker = new Faker({ locale: [vi, base] });
    this.faker.seed(seed);
  }
  /** [0, 1). */
  next(): number {
    const x = this.faker.number.float();
    return x >= 1 ? 0.9999999 : x;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }
  uuid(): string {
    return this.faker.string.uuid();
  }
}

/** Weighted choice over [value, weight] pairs with the cumulative table built once. */
export function weighted<T>(pairs: ReadonlyArray<readonly [T, number]>): (rng: Rng) => T {
  const values = pairs.map((p) => p[0]);
  const cum: number[] = [];
  let total = 0;
  for (const p of pairs) cum.push((total += p[1]));
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return values[lo];
  };
}

/** A stable 32-bit hash of a string (FNV-1a), to mix a workspace name into the seed. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
