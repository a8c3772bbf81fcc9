import type { Db } from '../../../core/db/types.js';
import type { OnboardingStepKey } from '../../../../shared/onboarding.js';

interface ChecklistRow {
  channel: boolean;
  teammate: boolean;
  business_hours: boolean;
  canned_reply: boolean;
  survey: boolean;
  dismissed_at: Date | null;
}

/**
 * Which getting-started steps a workspace has taken, read from current state every time (so a step
 * undone — the only channel deleted — shows as open again). One round trip of EXISTS probes over
 * other areas' tables: a read-only view of setup, like a report, that no area's door offers; it writes
 * nothing and every probe is bounded by an index on workspace_id.
 *
 * - channel: an enabled channel account (mailbox, web chat, Zalo, Messenger, phone);
 * - teammate: a second active user;
 * - businessHours: hours or time zone changed, or holidays entered, i.e. someone looked at them
 *   (saving the defaults unchanged writes no event: then the hours differ from nothing to record);
 * - cannedReply: at least one canned reply;
 * - survey: a survey customised (a template edited or added, a campaign) or already sent to a customer.
 */
export async function loadOnboardingChecklist(db: Db, workspaceId: string) {
  const row = await db.one<ChecklistRow>(
    `SELECT
       EXISTS (SELECT 1 FROM channel_accounts WHERE workspace_id = w.id AND enabled) AS channel,
       (SELECT count(*) FROM users WHERE workspace_id = w.id AND active) > 1 AS teammate,
       (EXISTS (SELECT 1 FROM events WHERE workspace_id = w.id AND type = 'settings.updated'
                  AND (data->'changes' ? 'business_hours' OR data->'changes' ? 'timezone'))
        OR EXISTS (SELECT 1 FROM events WHERE workspace_id = w.id AND type = 'holidays.replaced')) AS business_hours,
       EXISTS (SELECT 1 FROM canned_replies WHERE workspace_id = w.id) AS canned_reply,
       (EXISTS (SELECT 1 FROM survey_templates WHERE workspace_id = w.id AND (NOT is_default OR updated_at > created_at))
        OR EXISTS (SELECT 1 FROM survey_campaigns WHERE workspace_id = w.id)
        OR EXISTS (SELECT 1 FROM survey_requests WHERE workspace_id = w.id)) AS survey,
       w.onboarding_dismissed_at AS dismissed_at
     FROM workspaces w WHERE w.id = $1`,
    [workspaceId],
  );
  const done: Record<OnboardingStepKey, boolean> = {
    channel: row.channel,
    teammate: row.teammate,
    businessHours: row.business_hours,
    cannedReply: row.canned_reply,
    survey: row.survey,
  };
  return { done, dismissedAt: row.dismissed_at };
}
