import type { MeasureKey } from '../../../../shared/metrics.js';
import type { AppContext } from '../../../core/context.js';
import type { Tx } from '../../../core/db/types.js';
import { appendEvent } from '../../../core/events/append.js';
import { appendJob } from '../../../core/jobs/append.js';
import { newId } from '../../../core/lib/ids.js';
import { workspaceZone } from '../engine.js';
import { DEFAULT_DETECTOR_CONFIG, detect, type DetectorConfig, type Finding } from './detect.js';
import { loadComparisons } from './source.js';
import { summaryVi } from './texts.js';
import { windowsAt, type Windows } from './windows.js';

/** A row of table alerts (migration 062). */
export interface AlertRow {
  id: string;
  workspace_id: string;
  measure: MeasureKey;
  scope_kind: 'workspace' | 'channel' | 'team' | 'agent';
  scope_id: string | null;
  scope_label: string;
  status: 'open' | 'acknowledged' | 'resolved';
  evidence: Evidence;
  created_at: Date;
  raised_at: Date;
  last_seen_at: Date;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  emailed_at: Date | null;
}

/** AlertSchema's evidence, plus what the detector knew (kept in the jsonb; the API shows the contract's fields). */
export interface Evidence {
  test: string;
  recent: { from: string; to: string; value: number | null; n: number; median?: number | null };
  baseline: { from: string; to: string; value: number | null; n: number; median?: number | null };
  statistic: number | null;
  pValue: number | null;
  adjustedP: number | null;
  effect: number;
  summary: string;
}

export interface RunResult {
  /** Alerts raised by this pass (new ones, and acknowledged ones raised again after their cool-down). */
  raised: AlertRow[];
  /** Active alerts seen again (last_seen_at and evidence updated). */
  updated: number;
  /** Active alerts whose measure is back within normal. */
  resolved: number;
  /** Alarms held back by the cool-down after a recent resolution. */
  suppressed: number;
  /** (measure, scope) pairs with enough data on both sides to test. */
  tested: number;
  windows: Windows;
}

export const NOTIFY_JOB = 'alerts.notify';

function evidenceOf(f: Finding, w: Windows): Evidence {
  return {
    test: f.test ?? '',
    recent: { ...w.recent, value: f.recent.value, n: f.recent.n, median: f.recent.median ?? null },
    baseline: { ...w.baseline, value: f.baseline.value, n: f.baseline.n, median: f.baseline.median ?? null },
    statistic: f.statistic,
    pValue: f.pValue,
    adjustedP: f.adjustedP,
    effect: f.effect,
    summary: summaryVi(f, w),
  };
}

const keyOf = (measure: string, kind: string, id: string | null) => `${measure}|${kind}|${id ?? ''}`;

async function raisedEvent(tx: Tx, a: AlertRow, again: boolean) {
  await appendEvent(tx, {
    workspaceId: a.workspace_id,
    type: 'alert.raised',
    subjectType: 'workspace',
    subjectId: a.workspace_id,
    actor: null,
    data: { alertId: a.id, measure: a.measure, scopeKind: a.scope_kind, scopeId: a.scope_id, summary: a.evidence.summary, again },
  });
  appendJob(tx, NOTIFY_JOB, { workspaceId: a.workspace_id, alertId: a.id }, { singletonKey: `${a.id}:${a.raised_at.toISOString()}` });
}

/**
 * One detection pass over a workspace: test every watched measure × scope, then, in one transaction,
 * raise new alerts (event + email job), refresh the active ones (dedupe: one active alert per measure
 * and scope), resolve those back within normal, and hold back repeats during the cool-down.
 */
export async function runDetection(
  ctx: Pick<AppContext, 'db'>,
  workspaceId: string,
  opts: { now?: Date; config?: Partial<DetectorConfig> } = {},
): Promise<RunResult> {
  const now = opts.now ?? new Date();
  const config: DetectorConfig = { ...DEFAULT_DETECTOR_CONFIG, ...opts.config, minEffect: { ...DEFAULT_DETECTOR_CONFIG.minEffect, ...opts.config?.minEffect } };
  const windows = windowsAt(now, await workspaceZone(ctx.db, workspaceId), config);
  const findings = detect(await loadComparisons(ctx.db, workspaceId, windows), config);
  const cooldownStart = new Date(now.getTime() - config.cooldownHours * 3_600_000);

  return ctx.db.tx(async (tx) => {
    // Two passes at once (the hourly job and a manual run) must not both insert the same alert.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`alerts:${workspaceId}`]);
    const active = new Map(
      (await tx.query<AlertRow>(`SELECT * FROM alerts WHERE workspace_id = $1 AND status <> 'resolved'`, [workspaceId])).map((a) => [keyOf(a.measure, a.scope_kind, a.scope_id), a]),
    );
    const coolingRows = await tx.query<{ measure: string; scope_kind: string; scope_id: string | null }>(
      `SELECT DISTINCT measure, scope_kind, scope_id FROM alerts WHERE workspace_id = $1 AND status = 'resolved' AND resolved_at > $2`,
      [workspaceId, cooldownStart],
    );
    const cooling = new Set(coolingRows.map((r) => keyOf(r.measure, r.scope_kind, r.scope_id)));
    const result: RunResult = { raised: [], updated: 0, resolved: 0, suppressed: 0, tested: findings.filter((f) => f.tested).length, windows };

    for (const f of findings) {
      const key = keyOf(f.measure, f.scope.kind, f.scope.id);
      const current = active.get(key);
      if (f.alarm) {
        const evidence = JSON.stringify(evidenceOf(f, windows));
        if (current) {
          const raiseAgain = current.status === 'acknowledged' && current.acknowledged_at !== null && current.acknowledged_at <= cooldownStart;
          const row = await tx.one<AlertRow>(
            `UPDATE alerts SET evidence = $2, last_seen_at = $3, scope_label = $4,
               status = CASE WHEN $5 THEN 'open' ELSE status END,
               raised_at = CASE WHEN $5 THEN $3 ELSE raised_at END,
               acknowledged_by = CASE WHEN $5 THEN NULL ELSE acknowledged_by END,
               acknowledged_at = CASE WHEN $5 THEN NULL ELSE acknowledged_at END,
               emailed_at = CASE WHEN $5 THEN NULL ELSE emailed_at END
             WHERE id = $1 RETURNING *`,
            [current.id, evidence, now, f.scope.label, raiseAgain],
          );
          if (raiseAgain) {
            await raisedEvent(tx, row, true);
            result.raised.push(row);
          } else result.updated++;
          continue;
        }
        if (cooling.has(key)) {
          result.suppressed++;
          continue;
        }
        const row = await tx.one<AlertRow>(
          `INSERT INTO alerts (id, workspace_id, measure, scope_kind, scope_id, scope_label, status, evidence, created_at, raised_at, last_seen_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $8, $8) RETURNING *`,
          [newId(), workspaceId, f.measure, f.scope.kind, f.scope.id, f.scope.label, evidence, now],
        );
        await raisedEvent(tx, row, false);
        result.raised.push(row);
      } else if (current && f.normal) {
        await tx.query(`UPDATE alerts SET status = 'resolved', resolved_at = $2 WHERE id = $1`, [current.id, now]);
        await appendEvent(tx, {
          workspaceId,
          type: 'alert.resolved',
          subjectType: 'workspace',
          subjectId: workspaceId,
          actor: null,
          data: { alertId: current.id, measure: current.measure, scopeKind: current.scope_kind, scopeId: current.scope_id },
        });
        result.resolved++;
      }
    }
    return result;
  });
}
