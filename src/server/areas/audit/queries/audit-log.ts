import type { Sql } from '../../../core/db/types.js';
import type { AuditEntry, AuditQuery } from '../../../../shared/audit.js';

interface Row {
  id: string | number;
  created_at: Date;
  actor_type: AuditEntry['actor']['type'];
  actor_id: string | null;
  actor_name: string | null;
  ip: string | null;
  kind: AuditEntry['kind'];
  action: string;
  target_type: string;
  target_id: string;
  target_label: string | null;
  changes: Record<string, unknown>;
}

export const presentAuditRow = (r: Row): AuditEntry => ({
  id: String(r.id),
  createdAt: new Date(r.created_at).toISOString(),
  actor: { type: r.actor_type, id: r.actor_id, name: r.actor_name },
  ip: r.ip,
  kind: r.kind,
  action: r.action,
  target: { type: r.target_type, id: r.target_id, label: r.target_label },
  changes: r.changes ?? {},
});

const DELETIONS = `(a.action LIKE '%.deleted' OR a.action LIKE '%_removed' OR a.action LIKE '%.revoked')`;

/** The WHERE clause and parameters of a filter (dates are whole days in the workspace's time zone). */
function where(workspaceId: string, f: Omit<AuditQuery, 'limit' | 'before'>): { sql: string; params: unknown[] } {
  const params: unknown[] = [workspaceId];
  const parts = ['a.workspace_id = $1'];
  const p = (v: unknown) => `$${params.push(v)}`;
  if (f.kind === 'deletions') parts.push(DELETIONS);
  else if (f.kind) parts.push(`a.kind = ${p(f.kind)}`);
  if (f.actorType) parts.push(`a.actor_type = ${p(f.actorType)}`);
  if (f.actorId) parts.push(`a.actor_id = ${p(f.actorId)}`);
  const tz = `(SELECT timezone FROM workspaces WHERE id = $1)`;
  if (f.from) parts.push(`a.created_at >= (${p(f.from)}::date::timestamp AT TIME ZONE ${tz})`);
  if (f.to) parts.push(`a.created_at < ((${p(f.to)}::date + 1)::timestamp AT TIME ZONE ${tz})`);
  if (f.q) {
    const like = p(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    parts.push(`(a.action ILIKE ${like} OR a.target_label ILIKE ${like} OR a.actor_name ILIKE ${like} OR a.target_id ILIKE ${like} OR a.changes::text ILIKE ${like})`);
  }
  return { sql: parts.join(' AND '), params };
}

/** A page of the audit log, newest first, with the id to ask for the next page. */
export async function listAudit(sql: Sql, workspaceId: string, q: AuditQuery): Promise<{ items: AuditEntry[]; nextBefore: string | null }> {
  const w = where(workspaceId, q);
  if (q.before) w.sql += ` AND a.id < $${w.params.push(q.before)}`;
  const rows = await sql.query<Row>(`SELECT * FROM audit_log a WHERE ${w.sql} ORDER BY a.id DESC LIMIT $${w.params.push(q.limit + 1)}`, w.params);
  const items = rows.slice(0, q.limit).map(presentAuditRow);
  return { items, nextBefore: rows.length > q.limit ? items[items.length - 1].id : null };
}

/** Every row of a filter, newest first, at most `max` (the CSV export). */
export async function allAudit(sql: Sql, workspaceId: string, f: Omit<AuditQuery, 'limit' | 'before'>, max = 50_000): Promise<AuditEntry[]> {
  const w = where(workspaceId, f);
  const rows = await sql.query<Row>(`SELECT * FROM audit_log a WHERE ${w.sql} ORDER BY a.id DESC LIMIT $${w.params.push(max)}`, w.params);
  return rows.map(presentAuditRow);
}
