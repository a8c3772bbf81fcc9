import { createRequire } from 'node:module';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { fastTimestamptzParser } from './timestamp-parser.js';

// pg's own timestamptz parser (pg-types registers postgres-date for it), loaded the way pg loads it:
// the global registry may already hold ours (client.ts, imported by other tests in this worker).
const pgTypes = createRequire(createRequire(import.meta.url).resolve('pg'));
const reference = createRequire(pgTypes.resolve('pg-types'))('postgres-date') as (text: string) => unknown;
const fast = fastTimestamptzParser(reference);

const asComparable = (v: unknown) => (v instanceof Date ? `date:${v.getTime()}` : `${typeof v}:${String(v)}`);

describe('fastTimestamptzParser', () => {
  it('gives the same instant as pg’s parser for the shapes PostgreSQL sends', () => {
    const samples = [
      '2026-12-05 14:02:03+00',
      '2026-12-05 14:02:03.1+00',
      '2026-12-05 14:02:03.29+00',
      '2026-12-05 14:02:03.123456+00',
      '2026-12-05 14:02:03.999999+07',
      '2026-12-05 00:00:00.000001-03:30',
      '1999-12-31 23:59:59.5+05:45',
      '1883-11-18 12:00:00+06:42:04',
      '2024-02-29 07:00:00.0005-11',
      '9999-12-31 23:59:59.999999+14',
    ];
    for (const s of samples) expect(asComparable(fast(s)), s).toBe(asComparable(reference(s)));
    // …and reads them itself: the general parser is never asked.
    let asked = 0;
    const counting = fastTimestamptzParser((text) => {
      asked++;
      return reference(text);
    });
    for (const s of samples) counting(s);
    expect(asked).toBe(0);
  });

  it('agrees on every millisecond fraction and on random instants and offsets', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const two = (n: number) => String(n).padStart(2, '0');
    for (let i = 0; i < 20_000; i++) {
      const t = new Date(Date.UTC(1000, 0, 1) + Math.floor(next() * (Date.UTC(9999, 0, 1) - Date.UTC(1000, 0, 1))));
      const micros = String(Math.floor(next() * 1_000_000)).padStart(6, '0').slice(0, 1 + (i % 6));
      const oh = Math.floor(next() * 15);
      const offset = i % 3 === 0 ? `+${two(oh)}` : i % 3 === 1 ? `-${two(oh)}:${two(Math.floor(next() * 60))}` : `+${two(oh)}:30:15`;
      const s = `${t.getUTCFullYear()}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}${i % 7 === 0 ? '' : `.${micros}`}${offset}`;
      expect(asComparable(fast(s)), s).toBe(asComparable(reference(s)));
    }
  });

  it('leaves every other shape to pg’s parser', () => {
    for (const s of ['infinity', '-infinity', '0044-03-15 12:00:00+00 BC', '0099-01-01 00:00:00+00', '12345-01-01 00:00:00+00', '2026-12-05T14:02:03Z', '2026-12-05 14:02:03', '2026-12-05 14:02:03.+00', '2026-12-05 14:02:03+0']) {
      expect(asComparable(fast(s)), s).toBe(asComparable(reference(s)));
    }
  });

  it('is what the pg driver uses for timestamptz', async () => {
    await import('./client.js');
    expect(pg.types.getTypeParser(1184, 'text')).not.toBe(reference);
    expect(pg.types.getTypeParser(1184, 'text')('2026-12-05 14:02:03.5+07')).toEqual(new Date('2026-12-05T07:02:03.500Z'));
  });
});
