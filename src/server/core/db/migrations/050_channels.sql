-- Channels I: connected accounts (mailboxes, chat widgets, telephony endpoints), outbound delivery
-- status on messages, and thread keys (e.g. email Message-IDs) that put a reply into its ticket.

CREATE TABLE channel_accounts (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  kind text NOT NULL,                  -- the adapter's kind: email, webchat, phone …
  name text NOT NULL,
  -- The account's public address on its channel (mailbox address, widget key, webhook key);
  -- unique per kind across workspaces because inbound traffic is routed by it before we know the workspace.
  address text NOT NULL,
  config jsonb NOT NULL DEFAULT '{}',  -- validated by the adapter's account schema; never secrets
  secrets text,                        -- AES-256-GCM box of the adapter's secret fields (lib/secret-box.ts)
  state jsonb NOT NULL DEFAULT '{}',   -- adapter bookkeeping (e.g. IMAP UIDVALIDITY/last UID), written by the adapter only
  status text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'error', 'disabled')),
  status_message text,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX channel_accounts_address_key ON channel_accounts (kind, lower(address));
CREATE INDEX channel_accounts_ws_idx ON channel_accounts (workspace_id, kind);

ALTER TABLE tickets ADD COLUMN channel_account_id uuid REFERENCES channel_accounts(id) ON DELETE SET NULL;

ALTER TABLE messages
  ADD COLUMN channel_account_id uuid REFERENCES channel_accounts(id) ON DELETE SET NULL,
  -- Outbound only: queued → sent → delivered, or failed with delivery_error. NULL for inbound and notes,
  -- and for outbound messages on channels that cannot send (recorded only).
  ADD COLUMN delivery_status text CHECK (delivery_status IN ('queued', 'sent', 'delivered', 'failed')),
  ADD COLUMN delivery_error text,
  ADD COLUMN delivery_attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN delivery_updated_at timestamptz,
  -- Channel details the thread view shows (email subject/from/to/cc, folded quote …); listed by the presenter.
  ADD COLUMN meta jsonb NOT NULL DEFAULT '{}';
CREATE INDEX messages_delivery_pending_idx ON messages (delivery_updated_at) WHERE delivery_status = 'queued';

-- Keys by which a later message finds its conversation: an email's Message-ID (ours and theirs).
CREATE TABLE thread_keys (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  channel text NOT NULL,
  key text NOT NULL,
  ticket_id uuid NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  message_id uuid REFERENCES messages(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, channel, key)
);
CREATE INDEX thread_keys_ticket_idx ON thread_keys (ticket_id);
