import { Faker, base, vi } from '@faker-js/faker';

// Byte → two hex digits by table: Number#toString(16) costs about a microsecond a call.
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const w4 = (x: number) => HEX[x >>> 24] + HEX[(x >>> 16) & 255] + HEX[(x >>> 8) & 255] + HEX[x & 255];
const w2 = (x: number) => HEX[(x >>> 8) & 255] + HEX[x & 255];

/**
 * Seeded randomness for the generator. Faker (a private instance, so the app's faker is untouched)
 * is seeded and supplies the state of a small sfc32 generator that draws the numbers: millions of
 * rows need ~10 ns per number, where faker's own calls cost microseconds (its uuid ≈ 25 µs).
 */
export class Rng {
  readonly faker: Faker;
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.faker = new Faker({ locale: [vi, base] });
    this.faker.seed(seed);
    const word = () => this.faker.number.int({ min: 0, max: 0xffffffff });
    // Keep the state as int32 from the start: a field that changes representation deoptimises u32().
    this.a = word() | 0;
    this.b = word() | 0;
    this.c = word() | 0;
    this.d = word() | 0;
    for (let i = 0; i < 16; i++) this.u32();
  }
  /** sfc32: 32 random bits. */
  private u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
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
  /** A random (version 4) UUID from this generator. */
  uuid(): string {
    const a = this.u32();
    const b = this.u32();
    const c = this.u32();
    const d = this.u32();
    return `${w4(a)}-${w2(b >>> 16)}-${w2((b & 0x0fff) | 0x4000)}-${w2(((c >>> 16) & 0x3fff) | 0x8000)}-${w2(c)}${w4(d)}`;
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
