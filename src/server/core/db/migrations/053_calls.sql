-- Phone calls (channels/phone): every event a PBX posts is kept as delivered (call_events), and the
-- call's row (calls) is recomputed from the set of its events, so duplicates and any arrival order give
-- the same row. Calls logged by hand have no account and no events. The metrics issue reads `calls`
-- (AHT = talk + wrap-up, abandoned rate) by workspace and time.

CREATE TABLE calls (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid REFERENCES channel_accounts(id) ON DELETE SET NULL,   -- NULL when logged by hand
  external_id text NOT NULL,            -- the PBX's call id (unique per account); "manual:<id>" when logged by hand
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  from_number text,                     -- E.164 when it parses, else as sent (extensions, "anonymous")
  to_number text,
  customer_id uuid REFERENCES customers(id),
  agent_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  agent_email text,
  agent_extension text,
  status text NOT NULL CHECK (status IN ('ringing', 'answered', 'ended', 'missed')),
  started_at timestamptz NOT NULL,      -- the earliest event (ringing, else answered, else end)
  ringing_at timestamptz,
  answered_at timestamptz,
  ended_at timestamptz,
  wait_seconds integer,
  talk_seconds integer,
  wrap_up_seconds integer,
  missed boolean NOT NULL DEFAULT false,
  abandoned boolean NOT NULL DEFAULT false,
  recording_url text,
  ticket_id uuid REFERENCES tickets(id) ON DELETE SET NULL,
  message_id uuid REFERENCES messages(id) ON DELETE SET NULL,
  events text[] NOT NULL DEFAULT '{}',  -- the distinct event kinds seen, in ladder order
  logged_by_hand boolean NOT NULL DEFAULT false,
  logged_by uuid REFERENCES users(id) ON DELETE SET NULL,
  note text,
  -- The missed-call "call back" marking was applied to ticket_id (done once; the agent owns it afterwards).
  call_back_marked boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX calls_account_external_key ON calls (account_id, external_id) WHERE account_id IS NOT NULL;
-- Metrics (AHT, abandoned rate) and the calls list: a workspace's calls by start time.
CREATE INDEX calls_ws_started_idx ON calls (workspace_id, started_at DESC, id);
CREATE INDEX calls_ws_ended_idx ON calls (workspace_id, ended_at) WHERE ended_at IS NOT NULL;
-- The customer's timeline and GET /customers/:id/calls.
CREATE INDEX calls_customer_idx ON calls (customer_id, started_at DESC, id);
CREATE INDEX calls_agent_idx ON calls (workspace_id, agent_user_id, started_at DESC) WHERE agent_user_id IS NOT NULL;

CREATE TABLE call_events (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES channel_accounts(id) ON DELETE CASCADE,
  call_id text NOT NULL,                -- the PBX's call id
  event text NOT NULL CHECK (event IN ('ringing', 'answered', 'ended', 'missed')),
  at timestamptz NOT NULL,
  payload jsonb NOT NULL,               -- the event as validated (numbers, agent, recording URL)
  received_at timestamptz NOT NULL DEFAULT now()
);
-- A repeated delivery (same call, event and time) is the same event: it changes nothing.
CREATE UNIQUE INDEX call_events_key ON call_events (account_id, call_id, event, at);
