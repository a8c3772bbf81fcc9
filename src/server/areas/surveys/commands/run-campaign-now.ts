import type { AppContext } from '../../../core/context.js';
import { AppError, notFound } from '../../../core/errors.js';
import { runCampaignNow, type CampaignRow, type CampaignRunResult } from '../campaigns.js';

/** "Run now" on a campaign of the workspace: 404 survey_campaign.not_found, 409 survey_campaign.disabled, else a run of its own. */
export async function runSurveyCampaignNow(ctx: AppContext, workspaceId: string, id: string): Promise<CampaignRunResult> {
  const campaign = await ctx.db.maybeOne<CampaignRow>('SELECT * FROM survey_campaigns WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  if (!campaign) throw notFound('survey_campaign');
  if (!campaign.enabled) throw new AppError(409, 'survey_campaign.disabled', 'This campaign is disabled; enable it first');
  return runCampaignNow(ctx, campaign);
}
