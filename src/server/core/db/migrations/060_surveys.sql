-- Surveys (CSAT, NPS, CES, custom): templates per workspace, requests sent to customers (one token
-- link each), answers linked to ticket/agent/team/channel/customer for the metrics, and campaigns.

CREATE TABLE survey_templates (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('csat', 'nps', 'ces', 'custom')),
  name text NOT NULL,
  -- SurveyQuestion[] (src/shared/surveys.ts): texts in vi and en.
  questions jsonb NOT NULL,
  -- Automatic sending (SurveyTriggers in src/shared/surveys.ts): events, delay, throttle.
  triggers jsonb NOT NULL DEFAULT '{}',
  -- Scores at or below this open a follow-up ticket (CSAT ≤ 2, NPS ≤ 6, CES ≤ 3 by default); NULL = never.
  low_score_threshold integer,
  -- How long an answer may still be changed after it was first given.
  edit_window_minutes integer NOT NULL DEFAULT 1440,
  -- How long a sent link stays answerable.
  expires_after_days integer NOT NULL DEFAULT 14,
  enabled boolean NOT NULL DEFAULT true,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX survey_templates_ws_idx ON survey_templates (workspace_id, type);
-- One built-in template per type per workspace (created on first use).
CREATE UNIQUE INDEX survey_templates_default_key ON survey_templates (workspace_id, type) WHERE is_default;

CREATE TABLE survey_requests (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  template_id uuid NOT NULL REFERENCES survey_templates(id) ON DELETE CASCADE,
  type text NOT NULL,
  customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  -- What it asks about: a ticket (and through it the chat/call), or an outside reference (an order …).
  ticket_id uuid REFERENCES tickets(id) ON DELETE SET NULL,
  about_ref text,
  -- Who and where, frozen at sending time so metrics group answers like the service they rate.
  agent_id uuid REFERENCES users(id) ON DELETE SET NULL,
  team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
  channel text NOT NULL,
  reason text NOT NULL,              -- ticket_resolved | chat_ended | call_ended | api | campaign
  campaign_id uuid,
  token_hash text NOT NULL UNIQUE,   -- sha256 of the link's token; the token itself is never stored
  message_id uuid REFERENCES messages(id) ON DELETE SET NULL,  -- the message that carried it, if any
  status text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'answered', 'expired', 'failed')),
  sent_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  answered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX survey_requests_customer_idx ON survey_requests (workspace_id, customer_id, type, sent_at DESC);
CREATE INDEX survey_requests_ticket_idx ON survey_requests (ticket_id);

CREATE TABLE survey_answers (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  request_id uuid NOT NULL UNIQUE REFERENCES survey_requests(id) ON DELETE CASCADE,
  template_id uuid NOT NULL REFERENCES survey_templates(id) ON DELETE CASCADE,
  type text NOT NULL,
  -- The main score (CSAT 1–5, NPS 0–10, CES 1–7; custom: the first rating question, else NULL).
  score integer,
  comment text,
  -- Every question's answer by question id (custom surveys; the main score too).
  answers jsonb NOT NULL DEFAULT '{}',
  customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  ticket_id uuid REFERENCES tickets(id) ON DELETE SET NULL,
  agent_id uuid REFERENCES users(id) ON DELETE SET NULL,
  team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
  channel text NOT NULL,
  answered_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  followup_ticket_id uuid REFERENCES tickets(id) ON DELETE SET NULL
);
CREATE INDEX survey_answers_ws_time_idx ON survey_answers (workspace_id, type, answered_at);
CREATE INDEX survey_answers_customer_idx ON survey_answers (customer_id, answered_at DESC);
CREATE INDEX survey_answers_ticket_idx ON survey_answers (ticket_id);
CREATE INDEX survey_answers_agent_idx ON survey_answers (workspace_id, agent_id, answered_at);

CREATE TABLE survey_campaigns (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  template_id uuid NOT NULL REFERENCES survey_templates(id) ON DELETE CASCADE,
  name text NOT NULL,
  -- Who: customers active (a ticket or order) within this many days; more rules may come with segments.
  audience jsonb NOT NULL DEFAULT '{"activeWithinDays": 90}',
  -- When: a cron expression in the workspace time zone (e.g. "0 9 1 */3 *" = quarterly), or a single run.
  schedule text,
  run_at timestamptz,
  last_run_at timestamptz,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX survey_campaigns_ws_idx ON survey_campaigns (workspace_id);
