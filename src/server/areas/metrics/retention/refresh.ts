import type { Db, Sql } from '../../../core/db/types.js';
import { liveProfiles, profileFamilies } from '../../orders/index.js';
import { csatBand, customerContributions, frtBand, type CustomerDims, type OrderInput, type RetentionSample } from './contributions.js';

/**
 * Keeps the retention rollups current, the same way as the service measures: a customer's contributions
 * (retention_samples) are recomputed from their orders and replaced whole (idempotent), the days they
 * touched are marked dirty, and dirty days are folded into the rollups before any read and every minute.
 */
type Row = RetentionSample & { customer_id: string };
// Column, SQL array type (revenue is bigint: a day's revenue may pass 2^31 VND).
const COLUMNS: [keyof Row, string][] = [
  ['customer_id', 'uuid'], ['day', 'date'], ['channel', 'text'], ['segment', 'text'], ['csat_band', 'text'], ['frt_band', 'text'],
  ['starts', 'int'], ['ends', 'int'], ['firsts', 'int'], ['seconds', 'int'], ['orders', 'int'], ['revenue', 'bigint'], ['span_start', 'date'],
];

/** One INSERT … FROM unnest per chunk (as core's bulkInsert, with a bigint column). */
async function insertSamples(sql: Sql, workspaceId: string, rows: Row[], chunk = 5000) {
  const text = `INSERT INTO retention_samples (workspace_id, ${COLUMNS.map(([c]) => c).join(', ')})
    SELECT $1::uuid, * FROM unnest(${COLUMNS.map(([, t], i) => `$${i + 2}::${t}[]`).join(', ')})`;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    await sql.query(text, [workspaceId, ...COLUMNS.map(([c]) => part.map((r) => (c === 'revenue' ? String(r[c]) : r[c])))]);
  }
}

export interface RetentionSettings {
  timezone: string;
  windowDays: number;
}

export async function retentionSettings(sql: Sql, workspaceId: string): Promise<RetentionSettings> {
  const r = await sql.one<{ timezone: string; activity_window_days: number }>(`SELECT timezone, activity_window_days FROM workspaces WHERE id = $1`, [workspaceId]);
  return { timezone: r.timezone, windowDays: Number(r.activity_window_days) };
}

const lock = (sql: Sql, workspaceId: string) => sql.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`retention:${workspaceId}`]);

async function markDirty(sql: Sql, workspaceId: string, days: string[]) {
  if (days.length === 0) return;
  await sql.query(`INSERT INTO retention_dirty_days (workspace_id, day) SELECT $1, d FROM unnest($2::date[]) d ON CONFLICT DO NOTHING`, [workspaceId, days]);
}

/**
 * The dimensions of customers: channel of acquisition (their first ticket's channel, else the kind of
 * their first identity, else 'unknown'), segment, the service they last experienced (latest CSAT
 * score; FRT of their latest ticket that got an agent reply — first inbound message → first
 * non-automated outbound message, as the FRT measure reads it).
 */
async function loadDims(sql: Sql, workspaceId: string, ids: string[]): Promise<Map<string, CustomerDims & { merged: boolean; lastCsat: number | null; lastFrt: number | null }>> {
  const rows = await sql.query<{ id: string; segment: string | null; merged: boolean; channel: string | null; ident: string | null; csat: number | null; frt: number | null }>(
    `SELECT c.id, c.segment, c.merged_into_id IS NOT NULL AS merged,
            (SELECT t.channel FROM tickets t WHERE t.workspace_id = c.workspace_id AND t.customer_id = c.id ORDER BY t.created_at, t.id LIMIT 1) AS channel,
            (SELECT i.kind FROM customer_identities i WHERE i.workspace_id = c.workspace_id AND i.customer_id = c.id ORDER BY i.created_at, i.id LIMIT 1) AS ident,
            (SELECT a.score FROM survey_answers a WHERE a.workspace_id = c.workspace_id AND a.customer_id = c.id AND a.type = 'csat' AND a.score IS NOT NULL
              ORDER BY a.answered_at DESC, a.id DESC LIMIT 1) AS csat,
            (SELECT extract(epoch FROM (r.at - i.at))::int FROM tickets t
               CROSS JOIN LATERAL (SELECT min(m.created_at) AS at FROM messages m WHERE m.workspace_id = t.workspace_id AND m.ticket_id = t.id AND m.direction = 'inbound') i
               CROSS JOIN LATERAL (SELECT min(m.created_at) AS at FROM messages m WHERE m.workspace_id = t.workspace_id AND m.ticket_id = t.id AND m.direction = 'outbound'
                                     AND NOT coalesce((m.meta->>'automated')::boolean, false) AND m.created_at >= i.at) r
              WHERE t.workspace_id = c.workspace_id AND t.customer_id = c.id AND t.merged_into_id IS NULL AND r.at IS NOT NULL
              ORDER BY t.created_at DESC, t.id DESC LIMIT 1) AS frt
     FROM customers c WHERE c.workspace_id = $1 AND c.id = ANY($2::uuid[])`,
    [workspaceId, ids],
  );
  const m = new Map<string, CustomerDims & { merged: boolean; lastCsat: number | null; lastFrt: number | null }>();
  for (const r of rows) {
    const csat = r.csat === null ? null : Number(r.csat);
    const frt = r.frt === null ? null : Number(r.frt);
    m.set(r.id, {
      channel: r.channel ?? (r.ident && r.ident !== 'external' ? r.ident : 'unknown'),
      segment: r.segment ?? '',
      csat_band: csatBand(csat),
      frt_band: frtBand(frt),
      merged: r.merged,
      lastCsat: csat,
      lastFrt: frt,
    });
  }
  return m;
}

/**
 * Replaces the contributions and summary rows of some customers (inside the caller's transaction).
 * Figures belong to live profiles: a merged-away profile's orders count for the profile it went into
 * (merged_into_id, down the chain), so any profile given is recomputed as its live one and loses its own rows.
 */
async function replaceCustomers(tx: Sql, workspaceId: string, given: string[], s: RetentionSettings) {
  const owners = [...new Set((await liveProfiles(tx, workspaceId, given)).values())];
  const ids = [...new Set([...given, ...owners])];
  const old = await tx.query<{ day: string }>(
    `DELETE FROM retention_samples WHERE workspace_id = $1 AND customer_id = ANY($2::uuid[]) RETURNING to_char(day, 'YYYY-MM-DD') AS day`,
    [workspaceId, ids],
  );
  await markDirty(tx, workspaceId, [...new Set(old.map((r) => r.day))]);
  await tx.query(`DELETE FROM retention_customers WHERE workspace_id = $1 AND customer_id = ANY($2::uuid[])`, [workspaceId, ids]);
  const samples = await computeCustomers(tx, workspaceId, owners, s);
  await markDirty(tx, workspaceId, [...new Set(samples.map((x) => x.day))]);
}

/** Computes and writes the samples and summaries of live profiles (with their merged profiles' orders); returns the samples written. */
async function computeCustomers(sql: Sql, workspaceId: string, owners: string[], s: RetentionSettings) {
  const ownerOf = await profileFamilies(sql, workspaceId, owners);
  const orders = await sql.query<OrderInput & { customer_id: string }>(
    `SELECT o.id, o.customer_id, o.kind, o.status, o.total::float8 AS total, o.ordered_at,
            CASE WHEN o.status IN ('cancelled', 'returned') THEN coalesce(
              (SELECT max(c.at) FROM order_status_changes c WHERE c.order_id = o.id AND c.status = o.status), o.source_updated_at) END AS lost_at
     FROM orders o WHERE o.workspace_id = $1 AND o.customer_id = ANY($2::uuid[])`,
    [workspaceId, [...ownerOf.keys()]],
  );
  const byCustomer = new Map<string, OrderInput[]>();
  for (const o of orders) {
    const owner = ownerOf.get(o.customer_id) ?? o.customer_id;
    const list = byCustomer.get(owner) ?? [];
    list.push({ ...o, total: Number(o.total), ordered_at: new Date(o.ordered_at), lost_at: o.lost_at ? new Date(o.lost_at) : null });
    byCustomer.set(owner, list);
  }
  const dims = await loadDims(sql, workspaceId, [...byCustomer.keys()]);
  const all: Row[] = [];
  const summaries: unknown[][] = [];
  for (const [customerId, list] of byCustomer) {
    const d = dims.get(customerId);
    if (!d || d.merged) continue; // owners are live profiles; a profile merged meanwhile is refreshed by the merge's own event
    const { samples, summary } = customerContributions(list, d, s.timezone, s.windowDays);
    for (const x of samples) all.push({ ...x, customer_id: customerId });
    summaries.push([customerId, d.channel, d.segment, summary.firstOrderAt, summary.lastOrderAt, summary.orders, String(summary.netRevenue), summary.medianGapDays,
      summary.lastLostOrderAt, d.lastCsat, d.lastFrt, d.csat_band, d.frt_band]);
  }
  await insertSamples(sql, workspaceId, all);
  if (summaries.length > 0) {
    const col = (i: number) => summaries.map((r) => r[i]);
    await sql.query(
      `INSERT INTO retention_customers (workspace_id, customer_id, channel, segment, first_order_at, last_order_at, orders, net_revenue, median_gap_days,
                                        last_lost_order_at, last_csat, last_frt_seconds, csat_band, frt_band)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::int[], $8::bigint[], $9::numeric[],
                                $10::timestamptz[], $11::int[], $12::int[], $13::text[], $14::text[])`,
      [workspaceId, ...Array.from({ length: 13 }, (_, i) => col(i))],
    );
  }
  return all;
}

/** Refreshes the retention figures of some customers from their orders (idempotent; one transaction). */
export async function refreshCustomers(db: Db, workspaceId: string, customerIds: string[]): Promise<void> {
  const ids = [...new Set(customerIds)].sort();
  if (ids.length === 0) return;
  const s = await retentionSettings(db, workspaceId);
  await db.tx(async (tx) => {
    await lock(tx, workspaceId);
    for (let i = 0; i < ids.length; i += 500) await replaceCustomers(tx, workspaceId, ids.slice(i, i + 500), s);
  });
}

const SUMS = `sum(starts), sum(ends), sum(firsts), sum(seconds), sum(orders), sum(revenue)`;
const MEASURES = `starts, ends, firsts, seconds, orders, revenue`;

async function insertRollups(sql: Sql, workspaceId: string, where: string, params: unknown[]) {
  await sql.query(
    `INSERT INTO retention_rollups (workspace_id, day, channel, segment, ${MEASURES})
     SELECT workspace_id, day, channel, segment, ${SUMS} FROM retention_samples WHERE workspace_id = $1 ${where} GROUP BY workspace_id, day, channel, segment`,
    [workspaceId, ...params],
  );
  await sql.query(
    `INSERT INTO retention_rollups_service (workspace_id, day, csat_band, frt_band, ${MEASURES})
     SELECT workspace_id, day, csat_band, frt_band, ${SUMS} FROM retention_samples WHERE workspace_id = $1 ${where} GROUP BY workspace_id, day, csat_band, frt_band`,
    [workspaceId, ...params],
  );
}

/** Rebuilds the rollup rows of the dirty days from their samples (exact, idempotent). Returns the days folded. */
export async function foldRetention(db: Db, workspaceId: string): Promise<number> {
  return db.tx(async (tx) => {
    await lock(tx, workspaceId);
    const dirty = await tx.query<{ day: string }>(`DELETE FROM retention_dirty_days WHERE workspace_id = $1 RETURNING to_char(day, 'YYYY-MM-DD') AS day`, [workspaceId]);
    if (dirty.length === 0) return 0;
    const days = dirty.map((r) => r.day);
    await tx.query(`DELETE FROM retention_rollups WHERE workspace_id = $1 AND day = ANY($2::date[])`, [workspaceId, days]);
    await tx.query(`DELETE FROM retention_rollups_service WHERE workspace_id = $1 AND day = ANY($2::date[])`, [workspaceId, days]);
    await insertRollups(tx, workspaceId, `AND day = ANY($2::date[])`, [days]);
    return days.length;
  });
}

/** Folds before a read when something changed (cheap when nothing did: the dirty table is tiny). */
export async function ensureRetentionFolded(db: Db, workspaceId: string): Promise<void> {
  if (await db.maybeOne(`SELECT 1 FROM retention_dirty_days WHERE workspace_id = $1 LIMIT 1`, [workspaceId])) await foldRetention(db, workspaceId);
}

/**
 * Recomputes every customer of a workspace (a changed activity window, the backfill, the benchmark),
 * in batches; readers see the old rollups until the last step commits.
 */
export async function rebuildRetention(db: Db, workspaceId: string, onProgress?: (done: number, total: number) => void, batch = 2000): Promise<{ customers: number }> {
  const s = await retentionSettings(db, workspaceId);
  await db.query(`DELETE FROM retention_samples WHERE workspace_id = $1`, [workspaceId]);
  await db.query(`DELETE FROM retention_customers WHERE workspace_id = $1`, [workspaceId]);
  // The live profiles with orders: their own, or those of profiles merged into them.
  const buyers = await db.query<{ id: string; merged: boolean }>(
    `SELECT c.id, c.merged_into_id IS NOT NULL AS merged FROM customers c
     WHERE c.workspace_id = $1 AND c.id IN (SELECT customer_id FROM orders WHERE workspace_id = $1 AND customer_id IS NOT NULL)`,
    [workspaceId],
  );
  const mergedOwners = await liveProfiles(db, workspaceId, buyers.filter((b) => b.merged).map((b) => b.id));
  const ids = [...new Set([...buyers.filter((b) => !b.merged).map((b) => b.id), ...mergedOwners.values()])].sort();
  for (let i = 0; i < ids.length; i += batch) {
    await db.tx((tx) => computeCustomers(tx, workspaceId, ids.slice(i, i + batch), s));
    onProgress?.(Math.min(i + batch, ids.length), ids.length);
  }
  await db.tx(async (tx) => {
    await lock(tx, workspaceId);
    await tx.query(`DELETE FROM retention_dirty_days WHERE workspace_id = $1`, [workspaceId]);
    await tx.query(`DELETE FROM retention_rollups WHERE workspace_id = $1`, [workspaceId]);
    await tx.query(`DELETE FROM retention_rollups_service WHERE workspace_id = $1`, [workspaceId]);
    await insertRollups(tx, workspaceId, '', []);
  });
  await db.exec('ANALYZE retention_samples; ANALYZE retention_rollups; ANALYZE retention_rollups_service; ANALYZE retention_customers');
  return { customers: ids.length };
}
