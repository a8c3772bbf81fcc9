import { z } from 'zod';
import type { AppContext } from '../../../core/context.js';
import { defineJob } from '../../../core/jobs/define.js';
import type { AlertRow } from './run.js';
import { NOTIFY_JOB } from './run.js';
import { alertEmailVi } from './texts.js';

/**
 * The supervisors' email for a raised alert, as a job (appended in the detection's transaction, so
 * an alert we stored is mailed, retried while SMTP fails, and a retry after a crash mails at most
 * once more). Sent through the first channel that can reach staff (the workspace's mailbox); a workspace
 * without one gets the in-app alert only.
 */
export async function notifyAlert(ctx: AppContext, workspaceId: string, alertId: string): Promise<'sent' | 'no_mailbox' | 'no_recipients' | 'skipped'> {
  const alert = await ctx.db.maybeOne<AlertRow>(`SELECT * FROM alerts WHERE workspace_id = $1 AND id = $2`, [workspaceId, alertId]);
  // Already mailed for this raise, or over before we got to it: nothing to say.
  if (!alert || alert.status !== 'open' || (alert.emailed_at && alert.emailed_at >= alert.raised_at)) return 'skipped';
  const recipients = await ctx.db.query<{ email: string; name: string }>(
    `SELECT email, name FROM users WHERE workspace_id = $1 AND active AND role IN ('admin', 'supervisor') ORDER BY created_at`,
    [workspaceId],
  );
  if (recipients.length === 0) return 'no_recipients';
  const ws = await ctx.db.one<{ name: string }>(`SELECT name FROM workspaces WHERE id = $1`, [workspaceId]);
  const base = ctx.env.PUBLIC_URL ?? `http://localhost:${ctx.env.PORT}`;
  const mail = alertEmailVi(
    { measure: alert.measure, scopeKind: alert.scope_kind, scopeLabel: alert.scope_label, evidence: alert.evidence },
    ws.name,
    `${base.replace(/\/$/, '')}/reports/alerts`,
  );
  // By capability: the first channel that can reach the workspace's staff (today email, through its mailbox).
  const note = { to: recipients, subject: mail.subject, text: mail.text, headers: { 'Auto-Submitted': 'auto-generated', 'X-Tan-Tam-Alert': alert.id } };
  let sent = false;
  for (const channel of ctx.channels.all()) {
    if (channel.notifyStaff && (await channel.notifyStaff(ctx, workspaceId, note))) {
      sent = true;
      break;
    }
  }
  if (!sent) return 'no_mailbox';
  // Marks the raise that was mailed (not the clock), so "already mailed" is exact even for passes run with another now.
  await ctx.db.query(`UPDATE alerts SET emailed_at = $2 WHERE id = $1 AND raised_at = $2`, [alert.id, alert.raised_at]);
  return 'sent';
}

export const notifyAlertJob = defineJob({
  name: NOTIFY_JOB,
  schema: z.object({ workspaceId: z.uuid(), alertId: z.uuid() }),
  retryLimit: 5,
  retryDelay: 60,
  async handle(ctx, data) {
    await notifyAlert(ctx, data.workspaceId, data.alertId);
  },
});
