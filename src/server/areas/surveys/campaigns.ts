import cronParser from 'cron-parser';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import type { Sql } from '../../core/db/types.js';
import { badRequest } from '../../core/errors.js';
import { defineJob } from '../../core/jobs/define.js';
import { newId } from '../../core/lib/ids.js';
import { sendSurvey, type SendStatus } from './send-survey.js';
import { segmentMemberIds } from '../segments/index.js';

export const CAMPAIGNS_JOB = 'surveys.campaigns';
/** Customers handled per query batch during a run (each send is its own short transaction). */
export const CAMPAIGN_BATCH = 200;

/** Who: customers active within N days, or (segmentId set) the members of a saved segment (areas/segments) when it runs. */
export const CampaignAudienceSchema = z.object({ activeWithinDays: z.number().int().min(1).max(3650).default(90), segmentId: z.uuid().nullable().optional() });

/** The next instant a cron schedule fires after `after`, read in the workspace time zone; 400 when it is not a cron expression. */
export function nextCronRun(expr: string, timeZone: string, after: Date): Date {
  try {
    return cronParser.parseExpression(expr, { currentDate: after, tz: timeZone }).next().toDate();
  } catch (err) {
    throw badRequest('survey_campaign.invalid_schedule', `"${expr}" is not a cron schedule (minute hour day month weekday): ${(err as Error).message}`, { field: 'schedule' });
  }
}

export interface CampaignRow {
  id: string;
  workspace_id: string;
  template_id: string;
  name: string;
  audience: unknown;
  schedule: string | null;
  run_at: Date | null;
  next_run_at: Date | null;
  last_run_at: Date | null;
  last_run_key: string | null;
  last_run_sent: number;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

/** When a campaign is next due: its cron's next instant, else its single run_at while that run has not happened. */
export async function computeNextRun(sql: Sql, c: Pick<CampaignRow, 'workspace_id' | 'schedule' | 'run_at' | 'last_run_key' | 'enabled'>, after = new Date()): Promise<Date | null> {
  if (!c.enabled) return null;
  if (c.schedule) {
    const tz = (await sql.one<{ timezone: string }>('SELECT timezone FROM workspaces WHERE id = $1', [c.workspace_id])).timezone;
    return nextCronRun(c.schedule, tz, after);
  }
  if (c.run_at && c.last_run_key !== runKeyOf(new Date(c.run_at))) return new Date(c.run_at);
  return null;
}

const runKeyOf = (at: Date) => at.toISOString();

export interface CampaignRunResult {
  runKey: string;
  counts: Record<SendStatus, number>;
}

/**
 * Sends a campaign to its audience (customers with a ticket or a message within activeWithinDays),
 * keyed by `runKey`: every customer gets at most one request per run (a repeated run, e.g. after a
 * crash, skips those already asked), and the template's throttle applies per customer.
 */
export async function runCampaign(ctx: AppContext, c: CampaignRow, runKey: string): Promise<CampaignRunResult> {
  const audience = CampaignAudienceSchema.parse(c.audience ?? {});
  const counts: Record<SendStatus, number> = { sent: 0, throttled: 0, no_channel: 0, skipped: 0 };
  if (audience.segmentId) {
    try {
      for await (const ids of segmentMemberIds(ctx.db, c.workspace_id, audience.segmentId)) {
        for (const customerId of ids) {
          const r = await sendSurvey(ctx, { workspaceId: c.workspace_id, templateId: c.template_id, customerId, reason: 'campaign', campaignId: c.id, campaignRun: runKey });
          counts[r.status]++;
        }
      }
    } catch (err) {
      // A deleted segment: this run asks nobody (rather than failing on every schedule tick).
      if ((err as { id?: string }).id !== 'segment.not_found') throw err;
    }
    return { runKey, counts };
  }
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    // Keyset over customer ids; "active" = a ticket with activity (any message updates last_message_at) in the window.
    const batch = await ctx.db.query<{ customer_id: string }>(
      `SELECT DISTINCT t.customer_id FROM tickets t JOIN customers c ON c.id = t.customer_id
       WHERE t.workspace_id = $1 AND t.merged_into_id IS NULL AND c.merged_into_id IS NULL
         AND greatest(t.created_at, t.last_message_at) > now() - make_interval(days => $2) AND t.customer_id > $3
       ORDER BY t.customer_id LIMIT ${CAMPAIGN_BATCH}`,
      [c.workspace_id, audience.activeWithinDays, after],
    );
    for (const b of batch) {
      const r = await sendSurvey(ctx, { workspaceId: c.workspace_id, templateId: c.template_id, customerId: b.customer_id, reason: 'campaign', campaignId: c.id, campaignRun: runKey });
      counts[r.status]++;
    }
    if (batch.length < CAMPAIGN_BATCH) break;
    after = batch[batch.length - 1].customer_id;
  }
  return { runKey, counts };
}

/** Records a finished run and schedules the next one. */
async function finishRun(ctx: AppContext, c: CampaignRow, runKey: string, sent: number, scheduled: boolean) {
  const row = await ctx.db.one<CampaignRow>(
    `UPDATE survey_campaigns SET last_run_at = now(), last_run_key = $3, last_run_sent = $4, updated_at = now() WHERE workspace_id = $1 AND id = $2 RETURNING *`,
    [c.workspace_id, c.id, runKey, sent],
  );
  if (scheduled) {
    await ctx.db.query('UPDATE survey_campaigns SET next_run_at = $2 WHERE id = $1', [c.id, await computeNextRun(ctx.db, row)]);
  }
}

/** "Run now" from the API: a run of its own (a fresh key), throttling still applies. */
export async function runCampaignNow(ctx: AppContext, c: CampaignRow): Promise<CampaignRunResult> {
  const key = `manual:${newId()}`;
  const r = await runCampaign(ctx, c, key);
  await finishRun(ctx, c, key, r.counts.sent, false);
  return r;
}

/** Runs every campaign that is due (next_run_at passed); the run key is the due instant, so a repeat of this job sends nothing twice. */
export async function runDueCampaigns(ctx: AppContext, now = new Date()) {
  const due = await ctx.db.query<CampaignRow>(
    'SELECT * FROM survey_campaigns WHERE enabled AND next_run_at IS NOT NULL AND next_run_at <= $1 ORDER BY next_run_at LIMIT 50',
    [now],
  );
  for (const c of due) {
    const key = runKeyOf(new Date(c.next_run_at!));
    const r = await runCampaign(ctx, c, key);
    await finishRun(ctx, c, key, r.counts.sent, true);
  }
  return due.length;
}

/** Every 5 minutes: due campaigns are sent (batched, throttled per customer, idempotent per run). */
export const campaignsJob = defineJob<Record<string, never>>({
  name: CAMPAIGNS_JOB,
  schema: z.object({}).passthrough() as unknown as z.ZodType<Record<string, never>>,
  cron: '*/5 * * * *',
  retryLimit: 2,
  expireInSeconds: 1800,
  async handle(ctx) {
    await runDueCampaigns(ctx);
  },
});
