-- Workflows (issue 13): versioned graphs (draft + published versions), durable runs with their steps,
-- and the marks that make date, segment, tag and SLA triggers fire once.

CREATE TABLE workflows (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  template_id text,
  enabled boolean NOT NULL DEFAULT false,
  draft_graph jsonb NOT NULL,
  draft_updated_at timestamptz NOT NULL DEFAULT now(),
  draft_updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  published_version integer,
  -- Of the published version: its trigger type and the event types it listens to (the reaction's filter).
  trigger_type text,
  trigger_events text[] NOT NULL DEFAULT '{}',
  limits jsonb NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workflows_ws_idx ON workflows (workspace_id, lower(name));
CREATE INDEX workflows_live_idx ON workflows USING gin (trigger_events) WHERE enabled AND published_version IS NOT NULL;

CREATE TABLE workflow_versions (
  workflow_id uuid NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
  version integer NOT NULL,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  graph jsonb NOT NULL,
  trigger_type text,
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by uuid REFERENCES users(id) ON DELETE SET NULL,
  PRIMARY KEY (workflow_id, version)
);

CREATE TABLE workflow_runs (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  workflow_id uuid NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
  version integer NOT NULL,
  -- What fired it: the event (its id) or the sweep's key (a birthday of a year, a schedule slot …).
  trigger_type text NOT NULL,
  trigger_key text NOT NULL,
  trigger_event_id bigint,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'waiting', 'completed', 'failed', 'stopped', 'cancelled')),
  stop_reason text,
  depth integer NOT NULL DEFAULT 0,
  subject jsonb NOT NULL DEFAULT '{}',
  customer_id uuid,
  ticket_id uuid,
  -- Where the run stands: the nodes still to run (a frontier, one per open branch), and a wait's state.
  frontier jsonb NOT NULL DEFAULT '[]',
  wait_node text,
  wait_token text,
  wait_until timestamptz,
  wait_event text,
  step_count integer NOT NULL DEFAULT 0,
  error_count integer NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  UNIQUE (workflow_id, version, trigger_key)
);
CREATE INDEX workflow_runs_ws_idx ON workflow_runs (workspace_id, started_at DESC, id DESC);
CREATE INDEX workflow_runs_wf_idx ON workflow_runs (workflow_id, started_at DESC, id DESC);
CREATE INDEX workflow_runs_customer_idx ON workflow_runs (workspace_id, customer_id, started_at DESC);
CREATE INDEX workflow_runs_ticket_idx ON workflow_runs (workspace_id, ticket_id, started_at DESC);
CREATE INDEX workflow_runs_waiting_idx ON workflow_runs (workspace_id, wait_event) WHERE status = 'waiting' AND wait_event IS NOT NULL;

CREATE TABLE workflow_run_steps (
  id bigserial PRIMARY KEY,
  run_id uuid NOT NULL REFERENCES workflow_runs(id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL,
  seq integer NOT NULL,
  node_id text NOT NULL,
  kind text NOT NULL,
  type text NOT NULL,
  status text NOT NULL,
  input jsonb,
  decision text,
  result jsonb,
  error jsonb,
  attempts integer NOT NULL DEFAULT 1,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  UNIQUE (run_id, seq)
);

-- A trigger fired once for a key (a birthday of a year, a segment membership, a tag, an SLA due time):
-- the sweep and the reaction insert it ON CONFLICT DO NOTHING and fire only when they inserted it.
CREATE TABLE workflow_marks (
  workflow_id uuid NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
  mark text NOT NULL,
  workspace_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workflow_id, mark)
);
