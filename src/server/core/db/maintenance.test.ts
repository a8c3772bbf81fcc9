import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../test/harness.js';
import type { AppContext } from '../context.js';
import { careFor, maintainTables, needsOwnMaintenance, type TableState } from './maintenance.js';

const table = (t: Partial<TableState>): TableState => ({ schema: 'public', name: 'x', reltuples: 1000, relpages: 10, pages: 10, modSinceAnalyze: 0, deadRows: 0, insertsSinceVacuum: 0, ...t });

describe('which tables need care (PostgreSQL defaults: analyse past 50 + 10 % changed rows, vacuum past 50 + 20 % dead or 1,000 + 20 % inserted)', () => {
  it('with counters', () => {
    expect(careFor(table({ pages: 0, reltuples: -1 }))).toBeNull();
    expect(careFor(table({ reltuples: -1 }))).toBe('vacuum');
    expect(careFor(table({ modSinceAnalyze: 150 }))).toBeNull();
    expect(careFor(table({ modSinceAnalyze: 151 }))).toBe('analyze');
    expect(careFor(table({ deadRows: 251 }))).toBe('vacuum');
    expect(careFor(table({ deadRows: 250, modSinceAnalyze: 10 }))).toBeNull();
    expect(careFor(table({ insertsSinceVacuum: 1200 }))).toBeNull();
    expect(careFor(table({ insertsSinceVacuum: 1201 }))).toBe('vacuum');
  });
  it('without counters (the embedded database): growth since the last measure', () => {
    const lite = (t: Partial<TableState>) => table({ modSinceAnalyze: null, deadRows: null, insertsSinceVacuum: null, ...t });
    expect(careFor(lite({}))).toBeNull();
    expect(careFor(lite({ reltuples: -1, relpages: 0, pages: 3 }))).toBe('vacuum');
    expect(careFor(lite({ reltuples: 0, relpages: 0, pages: 3 }))).toBe('vacuum');
    expect(careFor(lite({ reltuples: 0, relpages: 1, pages: 1 }))).toBeNull();
    expect(careFor(lite({ reltuples: 10_000, relpages: 100, pages: 111 }))).toBe('analyze');
    expect(careFor(lite({ reltuples: 10_000, relpages: 100, pages: 105 }))).toBeNull();
    expect(careFor(lite({ reltuples: 10_000, relpages: 100, pages: 130 }))).toBe('vacuum');
  });
});

describe('maintainTables on the real database', () => {
  let ctx: AppContext & { close(): Promise<void> };
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx?.close());

  it('knows whether the database looks after itself', async () => {
    if (ctx.db.kind === 'embedded') {
      expect(await needsOwnMaintenance(ctx.db)).toBe(true);
    } else {
      const s = await ctx.db.one<{ av: string; tc: string }>(`SELECT current_setting('autovacuum') AS av, current_setting('track_counts') AS tc`);
      expect(await needsOwnMaintenance(ctx.db)).toBe(s.av !== 'on' || s.tc !== 'on');
    }
  });

  it('gives a table that filled up after it was created statistics, so a lookup by a list of ids uses the whole index', async () => {
    await ctx.db.exec(`CREATE TABLE maintenance_probe (workspace_id uuid NOT NULL, kind text NOT NULL, source_id uuid NOT NULL, value int NOT NULL)`);
    await ctx.db.exec(`CREATE INDEX maintenance_probe_source_idx ON maintenance_probe (workspace_id, kind, source_id)`);
    await ctx.db.exec(
      `INSERT INTO maintenance_probe SELECT '00000000-0000-4000-8000-000000000001', 'ticket', md5(g::text)::uuid, g FROM generate_series(1, 20000) g`,
    );
    const before = await ctx.db.one<{ reltuples: number }>(`SELECT reltuples::float8 AS reltuples FROM pg_class WHERE relname = 'maintenance_probe'`);
    expect(Number(before.reltuples)).toBeLessThan(0);

    const done = await maintainTables(ctx.db, { force: true });
    expect(done.find((d) => d.table === 'public.maintenance_probe')?.care).toBe('vacuum');
    const after = await ctx.db.one<{ reltuples: number }>(`SELECT reltuples::float8 AS reltuples FROM pg_class WHERE relname = 'maintenance_probe'`);
    expect(Number(after.reltuples)).toBe(20000);

    const plan = (await ctx.db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT count(*) FROM maintenance_probe WHERE workspace_id = '00000000-0000-4000-8000-000000000001' AND kind = 'ticket'
         AND source_id = ANY(ARRAY[md5('1')::uuid, md5('2')::uuid, md5('3')::uuid])`,
    )).map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Index Cond: .*source_id = ANY/);

    // Measured now: a second pass leaves it alone.
    const again = await maintainTables(ctx.db, { force: true });
    expect(again.map((d) => d.table)).not.toContain('public.maintenance_probe');
  });
});
