-- Early warning: a measure of a scope (workspace, channel, team, agent) got significantly worse than
-- its own baseline. At most one active (open or acknowledged) alert per measure and scope: a repeated
-- detection updates last_seen_at and evidence instead of adding a row.
CREATE TABLE alerts (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  measure text NOT NULL,
  scope_kind text NOT NULL CHECK (scope_kind IN ('workspace', 'channel', 'team', 'agent')),
  scope_id text,                        -- NULL for the workspace; a channel name; a team or user id
  scope_label text NOT NULL,            -- the team's/agent's name when detected
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
  -- test, recent/baseline windows with value and n, statistic, p-value, summary (vi) — AlertSchema
  evidence jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  raised_at timestamptz NOT NULL,       -- created, or raised again after an acknowledgement's cool-down
  last_seen_at timestamptz NOT NULL,
  acknowledged_by uuid REFERENCES users(id) ON DELETE SET NULL,
  acknowledged_at timestamptz,
  resolved_at timestamptz,
  emailed_at timestamptz                -- raised_at of the raise whose supervisors' email went out
);
CREATE UNIQUE INDEX alerts_active_key ON alerts (workspace_id, measure, scope_kind, coalesce(scope_id, '')) WHERE status <> 'resolved';
CREATE INDEX alerts_ws_status_idx ON alerts (workspace_id, status, last_seen_at DESC);
CREATE INDEX alerts_cooldown_idx ON alerts (workspace_id, measure, scope_kind, scope_id, resolved_at DESC) WHERE status = 'resolved';
