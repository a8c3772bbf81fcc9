import type { Db } from './types.js';

/**
 * What autovacuum does, for databases where it does not run: the embedded database (PGlite runs
 * PostgreSQL in single-user mode, with no autovacuum launcher) and a PostgreSQL server configured with
 * `autovacuum = off`. Without it the planner never gets statistics for a table that started empty — it
 * then guesses every equality as selective, and e.g. the metrics refresh's delete by source ids scanned
 * every sample of the workspace (25 ms instead of 0.2 ms for 46k samples) — and dead rows are never
 * reclaimed. Thresholds are PostgreSQL's defaults (autovacuum_analyze_threshold 50, scale factor 0.1;
 * vacuum 50 + 0.2 × rows dead, or 1,000 + 0.2 × rows inserted).
 */

export interface TableState {
  schema: string;
  name: string;
  /** pg_class.reltuples: rows at the last ANALYZE/VACUUM, −1 when never measured. */
  reltuples: number;
  /** pg_class.relpages at that time. */
  relpages: number;
  /** Pages now. */
  pages: number;
  /** From the cumulative statistics; null where they are not kept (PGlite flushes none). */
  modSinceAnalyze: number | null;
  deadRows: number | null;
  /** Rows inserted since the last VACUUM (null without counters). */
  insertsSinceVacuum: number | null;
}

export type Care = 'analyze' | 'vacuum';

const ANALYZE_BASE = 50;
const ANALYZE_SCALE = 0.1;
const VACUUM_BASE = 50;
const VACUUM_SCALE = 0.2;
/** PostgreSQL 13+: an insert-only table is vacuumed too (visibility map, a GIN index's pending list). */
const INSERT_VACUUM_BASE = 1000;

/** What a table needs, if anything: 'vacuum' means VACUUM (ANALYZE). */
export function careFor(t: TableState): Care | null {
  if (t.pages === 0) return null;
  const rows = Math.max(t.reltuples, 0);
  if ((t.deadRows ?? 0) > VACUUM_BASE + VACUUM_SCALE * rows) return 'vacuum';
  if ((t.insertsSinceVacuum ?? 0) > INSERT_VACUUM_BASE + VACUUM_SCALE * rows) return 'vacuum';
  // Never measured, but it has data.
  if (t.reltuples < 0) return 'vacuum';
  // Without counters (PGlite), growth stands for change: a table that grew by a fifth since it was last
  // measured has had inserts or, as often, updates and deletes whose dead rows nothing reclaimed.
  if (t.modSinceAnalyze === null) {
    // Measured while empty, filled since: no density to scale from.
    if (t.relpages === 0) return 'vacuum';
    // Rows now, scaled from the last measured density (what the planner itself assumes), less rows then.
    const grown = (t.reltuples / t.relpages) * t.pages - rows;
    if (t.pages > t.relpages * (1 + VACUUM_SCALE) + 1 && grown > VACUUM_BASE) return 'vacuum';
    if (grown > ANALYZE_BASE + ANALYZE_SCALE * rows) return 'analyze';
    return null;
  }
  if (t.modSinceAnalyze > ANALYZE_BASE + ANALYZE_SCALE * rows) return 'analyze';
  return null;
}

/** Whether this database has no autovacuum of its own, so the app must look after its tables. */
export async function needsOwnMaintenance(db: Db): Promise<boolean> {
  if (db.kind === 'embedded') return true;
  const r = await db.one<{ on: boolean }>(`SELECT current_setting('autovacuum') = 'on' AND current_setting('track_counts') = 'on' AS on`);
  return !r.on;
}

export async function tableStates(db: Db): Promise<TableState[]> {
  const counters = db.kind !== 'embedded';
  const rows = await db.query<{ schema: string; name: string; reltuples: number; relpages: number; pages: string; mod: string | null; dead: string | null; ins: string | null }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.reltuples::float8 AS reltuples, c.relpages,
            (pg_relation_size(c.oid) / current_setting('block_size')::int)::text AS pages,
            s.n_mod_since_analyze::text AS mod, s.n_dead_tup::text AS dead, s.n_ins_since_vacuum::text AS ins
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
     WHERE c.relkind IN ('r', 'm') AND n.nspname IN ('public', 'pgboss')
     ORDER BY n.nspname, c.relname`,
  );
  return rows.map((r) => ({
    schema: r.schema,
    name: r.name,
    reltuples: Number(r.reltuples),
    relpages: Number(r.relpages),
    pages: Number(r.pages),
    modSinceAnalyze: counters && r.mod !== null ? Number(r.mod) : null,
    deadRows: counters && r.dead !== null ? Number(r.dead) : null,
    insertsSinceVacuum: counters && r.ins !== null ? Number(r.ins) : null,
  }));
}

const quoteIdent = (s: string) => `"${s.replaceAll('"', '""')}"`;

export interface MaintenanceDone {
  table: string;
  care: Care;
  ms: number;
}

/**
 * One pass: each table that needs it is analysed or vacuumed (and analysed), one statement at a time, so
 * the embedded database's single connection is held only for a table at a time. Returns what was done;
 * nothing at all where autovacuum runs, unless `force` (tests, the benchmark's steady state).
 */
export async function maintainTables(db: Db, opts: { force?: boolean } = {}): Promise<MaintenanceDone[]> {
  if (!opts.force && !(await needsOwnMaintenance(db))) return [];
  const done: MaintenanceDone[] = [];
  for (const t of await tableStates(db)) {
    const care = careFor(t);
    if (!care) continue;
    const name = `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;
    const started = performance.now();
    // Outside any transaction (VACUUM cannot run in one), one statement per call.
    await db.exec(care === 'vacuum' ? `VACUUM (ANALYZE) ${name}` : `ANALYZE ${name}`);
    done.push({ table: `${t.schema}.${t.name}`, care, ms: Math.round(performance.now() - started) });
  }
  return done;
}
