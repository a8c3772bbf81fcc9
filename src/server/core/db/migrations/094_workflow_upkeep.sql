-- Issue 13 follow-ups: a notification kind for paused webhook subscriptions (and a record of staff emails
-- sent per cause, so a retried reaction mails once), the workflows' retention (finished runs found by
-- their end), and the SLA escalation workflow for workspaces made before it was seeded.

-- Admins are told when a webhook subscription is paused after repeated failures.
ALTER TABLE notification_prefs DROP CONSTRAINT IF EXISTS notification_prefs_kind_check;
ALTER TABLE notification_prefs ADD CONSTRAINT notification_prefs_kind_check
  CHECK (kind IN ('new_conversation', 'new_message', 'assigned', 'mention', 'sla_at_risk', 'webhook_paused'));

-- One row per staff email sent for a cause (dedupe_key as in notifications): checked before sending and
-- written after, so a reaction that runs twice mails once (a crash between the two: once more at most).
-- Pruned with the notifications (30 days).
CREATE TABLE notification_emails (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  dedupe_key text NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, dedupe_key)
);
CREATE INDEX notification_emails_sent_idx ON notification_emails (sent_at);

-- workflows.prune finds finished runs whose step details are past retention by their end.
CREATE INDEX workflow_runs_finished_idx ON workflow_runs (finished_at) WHERE finished_at IS NOT NULL;

-- Workspaces made before the SLA escalation template was seeded (it is seeded on workspace.created for the
-- installation's default workspace only): each existing workspace without a workflow from that template gets
-- it once. The migration decides who (it runs once); the workflows sweep creates, publishes and turns it on
-- through the engine's commands (as the workspace's first admin) and removes the row.
CREATE TABLE workflow_default_backfill (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  template_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO workflow_default_backfill (workspace_id, template_id)
SELECT w.id, 'sla_escalation' FROM workspaces w
WHERE NOT EXISTS (SELECT 1 FROM workflows f WHERE f.workspace_id = w.id AND f.template_id = 'sla_escalation');
