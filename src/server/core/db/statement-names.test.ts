import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../test/harness.js';
import type { AppContext } from '../context.js';
import { createPostgresDb } from './client.js';
import type { Db } from './types.js';
import { preparedStatementsWanted, StatementNames } from './statement-names.js';

describe('which statements get a name', () => {
  it('names a parameterised text from its second sighting on, never one without parameters', () => {
    const names = new StatementNames(true);
    expect(names.nameFor('SELECT $1::int', [1])).toBeUndefined();
    const second = names.nameFor('SELECT $1::int', [2]);
    expect(second).toMatch(/^tt_[0-9a-f]{24}$/);
    expect(names.nameFor('SELECT $1::int', [3])).toBe(second);
    expect(names.nameFor('SELECT 1', [])).toBeUndefined();
    expect(names.nameFor('SELECT 1', [])).toBeUndefined();
    expect(names.nameFor('SELECT 1', undefined)).toBeUndefined();
    expect(names.nameFor('SELECT $1::text', ['a'])).toBeUndefined();
    expect(names.nameFor('SELECT $1::text', ['a'])).not.toBe(second);
  });

  it('stops naming new texts at its limit (built statements cannot fill the connections)', () => {
    const names = new StatementNames(true, 3);
    const named = [];
    for (let i = 0; i < 6; i++) {
      const text = `INSERT INTO t VALUES ${Array.from({ length: i + 1 }, (_, j) => `($${j + 1})`).join(',')}`;
      names.nameFor(text, [1]);
      named.push(names.nameFor(text, [1]));
    }
    expect(named.filter(Boolean)).toHaveLength(3);
    expect(named.slice(3)).toEqual([undefined, undefined, undefined]);
  });

  it('a pooler that loses statements switches naming off once, with one warning', () => {
    const warnings: string[] = [];
    const names = new StatementNames(true, 10, (m) => warnings.push(m));
    names.nameFor('SELECT $1::int', [1]);
    expect(names.nameFor('SELECT $1::int', [1])).toBeDefined();
    expect(names.retryUnnamed('SELECT $1::int', Object.assign(new Error('prepared statement "tt_x" does not exist'), { code: '26000' }))).toBe(true);
    expect(names.retryUnnamed('SELECT $1::int', Object.assign(new Error('prepared statement "tt_x" already exists'), { code: '42P05' }))).toBe(true);
    expect(names.enabled).toBe(false);
    expect(names.nameFor('SELECT $1::int', [1])).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/DATABASE_PREPARED_STATEMENTS=false/);
    // Any other failure is the statement's own: not retried.
    expect(names.retryUnnamed('SELECT $1::int', Object.assign(new Error('division by zero'), { code: '22012' }))).toBe(false);
  });

  it('auto: on for a direct connection, off when a pooler is in front', () => {
    expect(preparedStatementsWanted('auto', false)).toBe(true);
    expect(preparedStatementsWanted('auto', true)).toBe(false);
    expect(preparedStatementsWanted('true', true)).toBe(true);
    expect(preparedStatementsWanted('false', false)).toBe(false);
  });
});

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
if (!onPostgres) console.log('statement-names.test: the PostgreSQL part is skipped — the embedded database has no statement cache to test; set TEST_DATABASE_URL');

describe.skipIf(!onPostgres)('named statements on PostgreSQL', () => {
  let ctx: AppContext & { close(): Promise<void> };
  let db: Db;

  beforeAll(async () => {
    ctx = await createTestContext();
    // One connection, so the statement prepared is the one the next call meets.
    db = createPostgresDb(ctx.env.DATABASE_URL!, 1);
  });
  afterAll(async () => {
    await db?.close();
    await ctx?.close();
  });

  it('a repeated statement is prepared once on the connection and gives the same rows', async () => {
    const seen = await db.tx(async (tx) => {
      const out: number[] = [];
      for (let i = 1; i <= 4; i++) out.push((await tx.one<{ x: number }>('SELECT $1::int * 2 AS x', [i])).x);
      const prepared = await tx.query<{ name: string; statement: string }>(
        "SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'tt\\_%'",
      );
      return { out, prepared };
    });
    expect(seen.out).toEqual([2, 4, 6, 8]);
    expect(seen.prepared.map((p) => p.statement)).toContain('SELECT $1::int * 2 AS x');
    // Outside a transaction, on the pool, the name is reused (not prepared again: that would fail with 42P05).
    expect((await db.one<{ x: number }>('SELECT $1::int * 2 AS x', [21])).x).toBe(42);
  });

  it('a table that changed shape after its statement was prepared is read again unnamed', async () => {
    const table = `tt_sn_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    await db.exec(`CREATE TABLE ${table} (a int)`);
    try {
      await db.query(`INSERT INTO ${table} VALUES ($1)`, [7]);
      const read = `SELECT * FROM ${table} WHERE a = $1`;
      await db.query(read, [7]);
      expect(await db.query(read, [7])).toEqual([{ a: 7 }]);
      await db.exec(`ALTER TABLE ${table} ADD COLUMN b text DEFAULT 'x'`);
      // PostgreSQL refuses the cached plan (0A000); the statement runs again unnamed, and stays unnamed.
      expect(await db.query(read, [7])).toEqual([{ a: 7, b: 'x' }]);
      expect(await db.query(read, [7])).toEqual([{ a: 7, b: 'x' }]);
    } finally {
      await db.exec(`DROP TABLE ${table}`);
    }
  });

  it('a failing named statement inside a transaction rolls it back and leaves nothing written', async () => {
    const table = `tt_sn_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    await db.exec(`CREATE TABLE ${table} (a int PRIMARY KEY)`);
    try {
      const insert = `INSERT INTO ${table} VALUES ($1)`;
      await db.query(insert, [1]);
      await db.query(insert, [2]);
      await expect(
        db.tx(async (tx) => {
          await tx.query(insert, [3]);
          await tx.query(insert, [1]);
        }),
      ).rejects.toMatchObject({ code: '23505' });
      expect((await db.query<{ a: number }>(`SELECT a FROM ${table} ORDER BY a`)).map((r) => r.a)).toEqual([1, 2]);
    } finally {
      await db.exec(`DROP TABLE ${table}`);
    }
  });
});
