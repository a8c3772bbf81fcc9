import { z } from 'zod';
import type { Sql } from '../../core/db/types.js';
import { defineJob } from '../../core/jobs/define.js';
import { loadPrefs, wantsAny } from './prefs.js';
import { deliverNotifications } from './deliver.js';
import type { PlannedNotification } from './rules.js';

/** Share of a target's time left below which a ticket counts as at risk (the inbox's SLA flag uses 20 % too). */
const AT_RISK_SHARE = 0.2;

interface AtRiskRow {
  id: string;
  workspace_id: string;
  number: number;
  subject: string;
  assignee_id: string | null;
  team_id: string | null;
  customer_name: string;
  target: 'first_response' | 'resolution';
  due_at: Date;
}

/**
 * Open tickets whose first response or resolution is due soon: not yet met, not yet past, and at most
 * 20 % of the time from creation to the due time left. Wall-clock time: an approximation of the
 * inbox's business-hours flag that errs early (a sweep has no calendar per workspace at hand).
 */
export async function ticketsAtRisk(sql: Sql, now = new Date()): Promise<AtRiskRow[]> {
  return sql.query<AtRiskRow>(
    `SELECT t.id, t.workspace_id, t.number, t.subject, t.assignee_id, t.team_id, c.name AS customer_name, d.target, d.due_at
     FROM tickets t
     JOIN customers c ON c.id = t.customer_id
     CROSS JOIN LATERAL (VALUES
       ('first_response', CASE WHEN t.first_response_at IS NULL THEN t.first_response_due_at END),
       ('resolution', t.resolution_due_at)) AS d(target, due_at)
     WHERE t.status NOT IN ('resolved', 'closed') AND t.merged_into_id IS NULL
       AND d.due_at IS NOT NULL AND d.due_at > $1::timestamptz
       AND d.due_at - $1::timestamptz <= (d.due_at - t.created_at) * $2::float8
     ORDER BY d.due_at
     LIMIT 5000`,
    [now.toISOString(), AT_RISK_SHARE],
  );
}

/**
 * Who hears about a ticket at risk: its assignee; without one, the members of its team; without a
 * team, the supervisors and admins. One notification per ticket, target and due time.
 */
export async function planSlaAtRisk(sql: Sql, now = new Date()): Promise<PlannedNotification[]> {
  const rows = await ticketsAtRisk(sql, now);
  const out: PlannedNotification[] = [];
  for (const workspaceId of new Set(rows.map((r) => r.workspace_id))) {
    const mine = rows.filter((r) => r.workspace_id === workspaceId);
    const staff = await sql.query<{ id: string; role: string }>(`SELECT id, role FROM users WHERE workspace_id = $1 AND active`, [workspaceId]);
    const active = new Set(staff.map((u) => u.id));
    const managers = staff.filter((u) => u.role !== 'agent').map((u) => u.id);
    const members = await sql.query<{ team_id: string; user_id: string }>(`SELECT team_id, user_id FROM team_members WHERE workspace_id = $1`, [workspaceId]);
    const audiences = mine.map((r) => {
      if (r.assignee_id && active.has(r.assignee_id)) return [r.assignee_id];
      const team = r.team_id ? members.filter((m) => m.team_id === r.team_id && active.has(m.user_id)).map((m) => m.user_id) : [];
      return team.length ? team : managers;
    });
    const prefs = await loadPrefs(sql, workspaceId, [...new Set(audiences.flat())]);
    mine.forEach((r, i) => {
      for (const userId of audiences[i] ?? []) {
        const p = prefs.get(userId);
        if (!p || !wantsAny(p, 'sla_at_risk')) continue;
        out.push({
          workspaceId,
          userId,
          kind: 'sla_at_risk',
          dedupeKey: `sla:${r.id}:${r.target}:${new Date(r.due_at).toISOString()}`,
          ticketId: r.id,
          ticketNumber: Number(r.number),
          subject: r.subject,
          customerName: r.customer_name,
          preview: '',
          actorName: null,
          sla: { target: r.target, dueAt: new Date(r.due_at).toISOString() },
          channels: p.sla_at_risk,
        });
      }
    });
  }
  return out;
}

/** Every 5 minutes: tell people about tickets whose SLA is about to be missed (once per ticket, target and due time). */
export const slaAtRiskJob = defineJob({
  name: 'notifications.sla_at_risk',
  schema: z.object({}).passthrough(),
  cron: '*/5 * * * *',
  retryLimit: 1,
  async handle(ctx) {
    await deliverNotifications(ctx, await planSlaAtRisk(ctx.db));
  },
});

/** Daily: notifications (and staff emails' records) older than 30 days are forgotten (they only guard against sending twice). */
export const pruneJob = defineJob({
  name: 'notifications.prune',
  schema: z.object({}).passthrough(),
  cron: '17 3 * * *',
  retryLimit: 1,
  async handle(ctx) {
    await ctx.db.query(`DELETE FROM notification_causes WHERE created_at < now() - interval '30 days'`);
    await ctx.db.query(`DELETE FROM notification_emails WHERE sent_at < now() - interval '30 days'`);
  },
});
