-- Mail a mailbox received but did not file as a message (mailing lists, auto-replies, bounces, reports,
-- duplicates, loops, no sender): kept with its reason so an admin can find it and file it anyway.
-- One row per distinct content per mailbox (digest): a re-delivered suppressed mail is recorded once.
CREATE TABLE filtered_mail (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  channel_account_id uuid NOT NULL REFERENCES channel_accounts(id) ON DELETE CASCADE,
  reason_kind text NOT NULL CHECK (reason_kind IN ('list', 'auto_reply', 'bounce', 'report', 'duplicate', 'loop', 'no_sender')),
  reason text NOT NULL,
  message_id text,
  from_address text,
  subject text,
  -- The first lines of its text, so an admin can judge it without opening the raw mail.
  preview text,
  digest text NOT NULL,
  size integer NOT NULL,
  -- The raw message, to file it anyway later; NULL when it was too large to keep.
  raw bytea,
  -- For a duplicate: the message it repeats.
  duplicate_of_message_id uuid REFERENCES messages(id) ON DELETE SET NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  filed_message_id uuid REFERENCES messages(id) ON DELETE SET NULL,
  filed_at timestamptz,
  filed_by uuid REFERENCES users(id) ON DELETE SET NULL,
  UNIQUE (workspace_id, channel_account_id, digest)
);
CREATE INDEX filtered_mail_account_idx ON filtered_mail (workspace_id, channel_account_id, received_at DESC);
