import type { Db } from '../../../core/db/types.js';
import type { CampaignRow } from '../campaigns.js';

/** The survey campaigns of a workspace, oldest first. */
export function listSurveyCampaigns(db: Db, workspaceId: string) {
  return db.query<CampaignRow>('SELECT * FROM survey_campaigns WHERE workspace_id = $1 ORDER BY created_at, id', [workspaceId]);
}
