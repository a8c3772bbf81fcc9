-- Survey sending: idempotency guards for automatic and campaign sends, and campaign scheduling.

-- A ticket is asked a given template once by the automatic triggers (a repeated or concurrent job
-- finds the row and sends nothing; the send logic checks first, this index is the last guard).
CREATE UNIQUE INDEX survey_requests_auto_key ON survey_requests (template_id, ticket_id)
  WHERE ticket_id IS NOT NULL AND reason IN ('ticket_resolved', 'chat_ended', 'call_ended');

-- One request per customer per campaign run (run key = the scheduled instant, or the manual run's id),
-- so a run that is repeated after a crash sends nothing twice.
ALTER TABLE survey_requests ADD COLUMN campaign_run text;
CREATE UNIQUE INDEX survey_requests_campaign_key ON survey_requests (campaign_id, campaign_run, customer_id)
  WHERE campaign_id IS NOT NULL;

-- When a campaign is next due (from its cron schedule in the workspace time zone, or its run_at);
-- NULL = nothing scheduled. The surveys.campaigns job picks rows with next_run_at <= now().
ALTER TABLE survey_campaigns ADD COLUMN next_run_at timestamptz;
ALTER TABLE survey_campaigns ADD COLUMN last_run_key text;
ALTER TABLE survey_campaigns ADD COLUMN last_run_sent integer NOT NULL DEFAULT 0;
CREATE INDEX survey_campaigns_due_idx ON survey_campaigns (next_run_at) WHERE enabled AND next_run_at IS NOT NULL;
