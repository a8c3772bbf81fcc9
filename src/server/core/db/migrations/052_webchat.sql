-- Website chat widget: visitors (a browser holding a visitor token), chat conversations (the times the
-- chat metrics read: start, first agent answer, end, abandoned), and the per-visitor sequence numbers
-- the widget uses to fetch what it missed. The messages themselves are ordinary `messages` rows.

CREATE TABLE webchat_visitors (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES channel_accounts(id) ON DELETE CASCADE,
  token_hash text NOT NULL,            -- sha256 of the visitor token; the token itself is never stored
  customer_id uuid REFERENCES customers(id) ON DELETE SET NULL,
  name text,
  phone text,                          -- E.164, from the pre-chat form
  email text,
  page_url text,
  locale text,
  last_seq integer NOT NULL DEFAULT 0, -- last sequence number handed out to this visitor's messages
  acked_seq integer NOT NULL DEFAULT 0,-- agent messages up to here were shown (delivery 'delivered')
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX webchat_visitors_token_key ON webchat_visitors (token_hash);
CREATE INDEX webchat_visitors_customer_idx ON webchat_visitors (workspace_id, customer_id);
CREATE INDEX webchat_visitors_account_idx ON webchat_visitors (account_id, last_seen_at DESC);

CREATE TABLE webchat_conversations (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES channel_accounts(id) ON DELETE CASCADE,
  visitor_id uuid NOT NULL REFERENCES webchat_visitors(id) ON DELETE CASCADE,
  ticket_id uuid NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'ended', 'abandoned')),
  started_at timestamptz NOT NULL,     -- the visitor's first message
  first_agent_reply_at timestamptz,    -- the first agent reply on the ticket during this chat
  last_visitor_message_at timestamptz NOT NULL,
  visitor_left_at timestamptz,         -- the visitor's last socket closed; NULL while connected / after coming back
  ended_at timestamptz,
  end_reason text CHECK (end_reason IN ('visitor', 'resolved', 'idle', 'abandoned', 'offline')),
  created_at timestamptz NOT NULL DEFAULT now()
);
-- One open chat per visitor.
CREATE UNIQUE INDEX webchat_conversations_open_key ON webchat_conversations (visitor_id) WHERE status = 'open';
CREATE INDEX webchat_conversations_ticket_idx ON webchat_conversations (ticket_id, started_at DESC);
CREATE INDEX webchat_conversations_visitor_idx ON webchat_conversations (visitor_id, started_at DESC);
-- Metrics: chats started in a period (response time, handle time, abandoned rate), per widget.
CREATE INDEX webchat_conversations_started_idx ON webchat_conversations (workspace_id, started_at);
CREATE INDEX webchat_conversations_account_started_idx ON webchat_conversations (workspace_id, account_id, started_at);
CREATE INDEX webchat_conversations_status_idx ON webchat_conversations (workspace_id, status, started_at);

-- A visitor's messages in the order the widget shows them: seq increases per visitor across all of
-- their chats (never restarts), so "after=<last seq>" never skips a message of a newer chat.
CREATE TABLE webchat_messages (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  visitor_id uuid NOT NULL REFERENCES webchat_visitors(id) ON DELETE CASCADE,
  seq integer NOT NULL,
  message_id uuid NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  conversation_id uuid REFERENCES webchat_conversations(id) ON DELETE SET NULL,
  client_id text,                      -- the widget's id for a visitor message (idempotent resend)
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (visitor_id, seq)
);
CREATE UNIQUE INDEX webchat_messages_message_key ON webchat_messages (message_id);
