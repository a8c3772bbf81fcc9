-- The effect of a workflow action, once per idempotency key (workflow version, triggering event, node):
-- written in the same transaction as the effect (a sent message, a created ticket), so a retried step
-- finds it and returns what was done instead of doing it twice.
CREATE TABLE workflow_action_effects (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  key text NOT NULL,
  action text NOT NULL,
  result jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, key)
);
CREATE INDEX workflow_action_effects_created_idx ON workflow_action_effects (created_at);
