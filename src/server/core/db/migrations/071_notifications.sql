-- Notifications for agents (issue 10 item 1): per-user settings, the notifications sent, and each user's
-- last read of a ticket (the unread counts of the inbox views).

-- One row per user and kind they changed; a kind without a row uses the defaults (notifications/prefs.ts).
CREATE TABLE notification_prefs (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('new_conversation', 'new_message', 'assigned', 'mention', 'sla_at_risk')),
  toast boolean NOT NULL,
  sound boolean NOT NULL,
  desktop boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, kind)
);

-- What was sent to whom. dedupe_key names the cause (the event, or an SLA due time), so a reaction run
-- twice sends nothing twice. Old rows are pruned by the notifications.prune job.
CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL,
  dedupe_key text NOT NULL,
  ticket_id uuid REFERENCES tickets(id) ON DELETE CASCADE,
  data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, dedupe_key)
);
CREATE INDEX notifications_created_idx ON notifications (created_at);

-- A user's last look at a ticket: a ticket is unread for them while its last customer message is newer.
CREATE TABLE ticket_reads (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  ticket_id uuid NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  read_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, ticket_id)
);
CREATE INDEX ticket_reads_ticket_idx ON ticket_reads (ticket_id);
