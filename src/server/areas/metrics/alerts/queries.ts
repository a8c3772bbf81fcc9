import type { AlertDto } from '../../../../shared/metrics.js';
import type { Sql } from '../../../core/db/types.js';
import type { AuthedActor } from '../../../core/http/actor.js';
import { appendEvent } from '../../../core/events/append.js';
import { AppError, conflict } from '../../../core/errors.js';
import type { Db } from '../../../core/db/types.js';
import type { AlertRow } from './run.js';

type Row = AlertRow & { acknowledged_by_name: string | null };

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/** AlertSchema (src/shared/metrics.ts), fields listed explicitly. */
export function presentAlert(r: Row): AlertDto {
  const e = r.evidence;
  return {
    id: r.id,
    measure: r.measure,
    scope: { kind: r.scope_kind, id: r.scope_id, label: r.scope_label },
    status: r.status,
    evidence: {
      test: e.test,
      recent: { from: e.recent.from, to: e.recent.to, value: e.recent.value, n: e.recent.n },
      baseline: { from: e.baseline.from, to: e.baseline.to, value: e.baseline.value, n: e.baseline.n },
      statistic: e.statistic,
      pValue: e.pValue,
      summary: e.summary,
    },
    createdAt: iso(r.raised_at),
    lastSeenAt: iso(r.last_seen_at),
    acknowledgedBy: r.acknowledged_by ? { id: r.acknowledged_by, name: r.acknowledged_by_name ?? '' } : null,
  };
}

const SELECT = `SELECT a.*, u.name AS acknowledged_by_name FROM alerts a LEFT JOIN users u ON u.id = a.acknowledged_by AND u.workspace_id = a.workspace_id`;

/** A workspace's alerts, newest activity first (one status, or all). */
export async function listAlerts(sql: Sql, workspaceId: string, status?: AlertRow['status'], limit = 200): Promise<AlertDto[]> {
  const rows = await sql.query<Row>(
    `${SELECT} WHERE a.workspace_id = $1 AND ($2::text IS NULL OR a.status = $2) ORDER BY a.last_seen_at DESC, a.id LIMIT $3`,
    [workspaceId, status ?? null, limit],
  );
  return rows.map(presentAlert);
}

export async function loadAlert(sql: Sql, workspaceId: string, id: string): Promise<AlertDto | undefined> {
  const r = await sql.maybeOne<Row>(`${SELECT} WHERE a.workspace_id = $1 AND a.id = $2`, [workspaceId, id]);
  return r && presentAlert(r);
}

/**
 * A supervisor is on it: the alert stops being "open" (no more emails for it); it still resolves by
 * itself when the measure is back to normal. Acknowledging twice changes nothing; a resolved one is refused.
 */
export async function acknowledgeAlert(db: Db, workspaceId: string, id: string, actor: AuthedActor): Promise<AlertDto> {
  await db.tx(async (tx) => {
    const a = await tx.maybeOne<AlertRow>(`SELECT * FROM alerts WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [workspaceId, id]);
    if (!a) throw new AppError(404, 'alert.not_found', 'This alert does not exist.');
    if (a.status === 'resolved') throw conflict('alert.resolved', 'This alert is already over: the measure is back to normal.');
    if (a.status === 'acknowledged') return;
    await tx.query(`UPDATE alerts SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = now() WHERE id = $1`, [id, actor.kind === 'user' ? actor.id : null]);
    await appendEvent(tx, {
      workspaceId,
      type: 'alert.acknowledged',
      subjectType: 'workspace',
      subjectId: workspaceId,
      actor,
      data: { alertId: id, measure: a.measure, scopeKind: a.scope_kind, scopeId: a.scope_id },
    });
  });
  return (await loadAlert(db, workspaceId, id))!;
}
