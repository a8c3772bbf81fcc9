-- Core schema of the helpdesk: workspaces, access, customers, tickets, messages, events.
-- Every table holding a business's data carries workspace_id, and every query filters by it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE workspaces (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  timezone text NOT NULL DEFAULT 'Asia/Ho_Chi_Minh',
  locale text NOT NULL DEFAULT 'vi',
  currency text NOT NULL DEFAULT 'VND',
  -- weekly business hours: {"mon":[["08:00","17:30"]], ...}; days missing are closed
  business_hours jsonb NOT NULL DEFAULT '{"mon":[["08:00","17:30"]],"tue":[["08:00","17:30"]],"wed":[["08:00","17:30"]],"thu":[["08:00","17:30"]],"fri":[["08:00","17:30"]],"sat":[["08:00","12:00"]]}',
  ticket_seq integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE holidays (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  day date NOT NULL,
  name text NOT NULL,
  UNIQUE (workspace_id, day)
);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  email text NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent')),
  active boolean NOT NULL DEFAULT true,
  available boolean NOT NULL DEFAULT true,
  locale text NOT NULL DEFAULT 'vi',
  created_at timestamptz NOT NULL DEFAULT now()
);
-- One login per email across the install: the login form asks for email + password only.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_workspace_idx ON users (workspace_id);

CREATE TABLE sessions (
  id text PRIMARY KEY,            -- sha256 of the cookie token; the token itself is never stored
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE, -- sha256 of the token, shown once at creation
  prefix text NOT NULL,            -- first characters, to recognise a token in the list
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_workspace_idx ON api_tokens (workspace_id);

CREATE TABLE teams (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, name)
);

CREATE TABLE team_members (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  last_assigned_at timestamptz,    -- round-robin picks the available member assigned longest ago
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user_idx ON team_members (user_id);

CREATE TABLE customers (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL DEFAULT '',
  search_name text NOT NULL DEFAULT '', -- lower-case, diacritics removed (đ→d): "nguyen van a"
  phone text,                           -- primary phone, E.164
  email text,                           -- primary email, lower-case
  birthday date,
  gender text,
  address text,
  company text,
  preferred_channel text,
  lifecycle_stage text NOT NULL DEFAULT 'lead' CHECK (lifecycle_stage IN ('lead', 'prospect', 'customer', 'loyal', 'churned')),
  segment text,
  tags text[] NOT NULL DEFAULT '{}',
  attributes jsonb NOT NULL DEFAULT '{}',
  merged_into_id uuid REFERENCES customers(id) ON DELETE SET NULL, -- set on the merged-away profile
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customers_ws_created_idx ON customers (workspace_id, created_at DESC, id);
CREATE INDEX customers_search_name_trgm ON customers USING gin (search_name gin_trgm_ops);
CREATE INDEX customers_ws_phone_idx ON customers (workspace_id, phone);
CREATE INDEX customers_ws_email_idx ON customers (workspace_id, email);

-- Every way we know a customer by; (kind, value) belongs to one profile per workspace.
CREATE TABLE customer_identities (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('phone', 'email', 'zalo', 'messenger', 'webchat', 'external')),
  value text NOT NULL,  -- normalised: phone E.164, email lower-case
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, kind, value)
);
CREATE INDEX customer_identities_customer_idx ON customer_identities (customer_id);
-- Partial-number lookup ("0912 345") works on the digits of phone identities.
CREATE INDEX customer_identities_value_trgm ON customer_identities USING gin (value gin_trgm_ops);

CREATE TABLE customer_notes (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  author_id uuid REFERENCES users(id) ON DELETE SET NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_notes_customer_idx ON customer_notes (customer_id, created_at);

-- A merge remembers exactly what moved so it can be undone.
CREATE TABLE customer_merges (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  source_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE, -- merged away
  target_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE, -- kept
  moved jsonb NOT NULL,          -- {"tickets":[ids],"messages":[ids],"notes":[ids],"identities":[ids],"target_before":{…}}
  reason text NOT NULL DEFAULT 'manual', -- manual | auto (shared phone/email)
  merged_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  undone_at timestamptz
);
CREATE INDEX customer_merges_target_idx ON customer_merges (workspace_id, target_id);

CREATE TABLE sla_policies (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  priority text NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  first_response_minutes integer NOT NULL CHECK (first_response_minutes > 0), -- business minutes
  resolution_minutes integer NOT NULL CHECK (resolution_minutes > 0),         -- business minutes
  UNIQUE (workspace_id, priority)
);

CREATE TABLE tickets (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  number integer NOT NULL,
  subject text NOT NULL DEFAULT '',
  customer_id uuid NOT NULL REFERENCES customers(id),
  channel text NOT NULL,
  -- the 5-step process: received → verified → routed → responded → resolved → closed
  status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'verified', 'routed', 'responded', 'resolved', 'closed')),
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  category text,
  team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
  assignee_id uuid REFERENCES users(id) ON DELETE SET NULL,
  tags text[] NOT NULL DEFAULT '{}',
  first_message_at timestamptz NOT NULL DEFAULT now(),
  last_message_at timestamptz NOT NULL DEFAULT now(),
  last_customer_message_at timestamptz,
  first_response_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  reopen_count integer NOT NULL DEFAULT 0,
  first_response_due_at timestamptz,
  resolution_due_at timestamptz,
  merged_into_id uuid REFERENCES tickets(id) ON DELETE SET NULL,
  message_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, number)
);
-- The inbox: open tickets of a workspace, newest activity first, with the usual filters.
CREATE INDEX tickets_inbox_idx ON tickets (workspace_id, last_message_at DESC, id) WHERE merged_into_id IS NULL;
CREATE INDEX tickets_ws_status_idx ON tickets (workspace_id, status, last_message_at DESC);
CREATE INDEX tickets_ws_assignee_idx ON tickets (workspace_id, assignee_id, last_message_at DESC);
CREATE INDEX tickets_ws_team_idx ON tickets (workspace_id, team_id, last_message_at DESC);
CREATE INDEX tickets_customer_idx ON tickets (customer_id, last_message_at DESC);

CREATE TABLE messages (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  ticket_id uuid NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers(id),
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound', 'note')),
  author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  channel text NOT NULL,
  external_id text,           -- the channel's own message id; unique per channel for idempotent ingest
  body text NOT NULL DEFAULT '',
  content_type text NOT NULL DEFAULT 'text' CHECK (content_type IN ('text', 'html')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX messages_external_key ON messages (workspace_id, channel, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX messages_ticket_idx ON messages (ticket_id, created_at, id);
CREATE INDEX messages_customer_idx ON messages (customer_id, created_at);

CREATE TABLE attachments (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  message_id uuid NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  filename text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  data bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_message_idx ON attachments (message_id);

CREATE TABLE canned_replies (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  shortcut text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, shortcut)
);

-- Every write appends one or more events in the same transaction.
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  type text NOT NULL,
  subject_type text NOT NULL,
  subject_id uuid NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'token', 'system', 'customer')),
  actor_id uuid,
  data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_subject_idx ON events (workspace_id, subject_type, subject_id, id);
CREATE INDEX events_ws_type_idx ON events (workspace_id, type, id);
