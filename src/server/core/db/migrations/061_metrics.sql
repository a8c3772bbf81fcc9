-- Metrics engine (src/server/metrics): reporting rows written as events happen, and daily rollups.
--
-- metric_samples: one row per observation of a measure, derived from raw rows (tickets + messages +
-- events, survey answers, calls, webchat conversations) and replaced whole when its source changes.
-- Values are integers (whole seconds, scores, 0/1 outcomes, ±1 backlog moves), so sums are exact.
CREATE TABLE metric_samples (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  source_kind text NOT NULL CHECK (source_kind IN ('ticket', 'answer', 'call', 'chat')),
  source_id uuid NOT NULL,
  measure text NOT NULL,
  day date NOT NULL,                 -- calendar day in the workspace time zone
  channel text NOT NULL DEFAULT '',
  team_id uuid,
  agent_id uuid,
  category text NOT NULL DEFAULT '',
  priority text NOT NULL DEFAULT '',
  tags text[] NOT NULL DEFAULT '{}',
  value bigint NOT NULL,
  bucket integer NOT NULL            -- metrics/buckets.ts: histogram bucket (times), score, or 0/1
);
CREATE INDEX metric_samples_source_idx ON metric_samples (workspace_id, source_kind, source_id);
CREATE INDEX metric_samples_day_idx ON metric_samples (workspace_id, day);

-- Rollups per workspace × day × measure × dimensions × bucket: n and sum of values. tag = '' holds
-- every sample once; a tag's rows hold the samples carrying that tag (for the tag filter/breakdown).
CREATE TABLE metric_rollups (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  day date NOT NULL,
  measure text NOT NULL,
  channel text NOT NULL,
  team_id uuid,
  agent_id uuid,
  category text NOT NULL,
  priority text NOT NULL,
  tag text NOT NULL,
  bucket integer NOT NULL,
  n bigint NOT NULL,
  sum bigint NOT NULL
);
CREATE INDEX metric_rollups_lookup_idx ON metric_rollups (workspace_id, measure, tag, day);
CREATE INDEX metric_rollups_day_idx ON metric_rollups (workspace_id, day);
CREATE INDEX metric_rollups_agent_idx ON metric_rollups (workspace_id, agent_id, day) WHERE tag = '';

-- The same per workspace × day × measure × bucket only (no dimensions): what an unfiltered overview
-- reads, a few hundred rows a day whatever the team size. Folded together with metric_rollups.
CREATE TABLE metric_rollups_total (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  day date NOT NULL,
  measure text NOT NULL,
  bucket integer NOT NULL,
  n bigint NOT NULL,
  sum bigint NOT NULL,
  PRIMARY KEY (workspace_id, measure, day, bucket)
);

-- And per agent only (scorecards): workspace × day × measure × agent × bucket.
CREATE TABLE metric_rollups_agent (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  day date NOT NULL,
  measure text NOT NULL,
  agent_id uuid,
  bucket integer NOT NULL,
  n bigint NOT NULL,
  sum bigint NOT NULL
);
CREATE INDEX metric_rollups_agent_lookup_idx ON metric_rollups_agent (workspace_id, agent_id, measure, day);
CREATE INDEX metric_rollups_agent_day_idx ON metric_rollups_agent (workspace_id, day);

-- Days whose samples changed since their rollup rows were last rebuilt.
CREATE TABLE metric_dirty_days (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  day date NOT NULL,
  PRIMARY KEY (workspace_id, day)
);

-- A ticket's refresh also refreshes its calls: find them without scanning every call.
CREATE INDEX calls_ticket_idx ON calls (ticket_id) WHERE ticket_id IS NOT NULL;
