-- Outgoing webhooks (subscriptions of URLs to event types; durable, signed, retried deliveries with an
-- attempt log, shared with the workflows' "call a webhook" action) and the audit log. Issue 13.

CREATE TABLE webhook_subscriptions (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  url text NOT NULL,
  event_types text[] NOT NULL,          -- catalogued types or an area's wildcard ('ticket.*')
  secret_sealed text NOT NULL,          -- the signing secret, sealed by the secret box
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
  paused_at timestamptz,
  pause_reason text,                    -- 'failures' (paused by us) or 'manual'
  consecutive_failures integer NOT NULL DEFAULT 0, -- deliveries in a row that failed every attempt
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  secret_rotated_at timestamptz
);
CREATE INDEX webhook_subscriptions_ws_idx ON webhook_subscriptions (workspace_id, status);

-- One delivery = one body to one URL, attempted until a 2xx or the last retry. The body is fixed when
-- queued (every attempt sends the same bytes; only the signature's timestamp changes).
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  subscription_id uuid REFERENCES webhook_subscriptions(id) ON DELETE CASCADE,
  source_kind text NOT NULL CHECK (source_kind IN ('subscription', 'workflow')),
  workflow_id uuid,
  run_id uuid,
  event_id bigint,
  event_type text NOT NULL,
  url text NOT NULL,
  secret_sealed text,                   -- workflow calls carry their own secret (null: unsigned)
  headers jsonb NOT NULL DEFAULT '{}',
  body text NOT NULL,
  idempotency_key text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_status_code integer,
  last_error text,
  resent_from uuid,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);
CREATE UNIQUE INDEX webhook_deliveries_key ON webhook_deliveries (workspace_id, idempotency_key);
CREATE INDEX webhook_deliveries_sub_idx ON webhook_deliveries (workspace_id, subscription_id, created_at DESC);
CREATE INDEX webhook_deliveries_run_idx ON webhook_deliveries (workspace_id, run_id) WHERE run_id IS NOT NULL;

CREATE TABLE webhook_attempts (
  id bigserial PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  delivery_id uuid NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  started_at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  status_code integer,                  -- null: no answer (refused, timeout, blocked address)
  error text,
  response_excerpt text,                -- the first KB of the answer
  UNIQUE (delivery_id, attempt)
);

-- The audit log: who changed what and when. Written in the same transaction as the change, from the
-- change's own event (areas/audit). Append-only: UPDATE, DELETE and TRUNCATE are refused by triggers,
-- and it has no foreign keys, so deleting a user or a customer never rewrites its history.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  workspace_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  actor_type text NOT NULL,             -- user, token, system, customer, automation, ai
  actor_id text,
  actor_name text,                      -- the name when it acted (a user, a token, a workflow)
  ip text,
  kind text NOT NULL,                   -- settings, users, tokens, channels, workflows, merges, exports, deletions, webhooks
  action text NOT NULL,                 -- the event type
  target_type text NOT NULL,
  target_id text NOT NULL,
  target_label text,
  changes jsonb NOT NULL DEFAULT '{}',  -- {field: {from, to}} or the event's details, secrets removed
  event_id bigint
);
CREATE INDEX audit_log_ws_time_idx ON audit_log (workspace_id, created_at DESC, id DESC);
CREATE INDEX audit_log_ws_kind_idx ON audit_log (workspace_id, kind, created_at DESC);
CREATE INDEX audit_log_ws_actor_idx ON audit_log (workspace_id, actor_id, created_at DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
