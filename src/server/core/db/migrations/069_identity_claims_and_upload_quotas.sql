-- Contact details a customer typed themselves (the chat widget's pre-chat and offline forms) are
-- claims, not identities: anyone can type anyone's phone or email, so they never link or merge
-- profiles by themselves. They stay with the profile that wrote them, for an agent to confirm
-- ("this is customer X": merge or add the identity) or to leave alone.
CREATE TABLE customer_identity_claims (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('phone', 'email')),
  value text NOT NULL,                 -- normalised like an identity (phone E.164, email lower-case)
  source text NOT NULL,                -- where it was typed: 'webchat'
  ticket_id uuid REFERENCES tickets(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz,
  confirmed_by uuid REFERENCES users(id) ON DELETE SET NULL,
  -- the profile the claim was confirmed as (this one, or the one it was merged into)
  confirmed_customer_id uuid REFERENCES customers(id) ON DELETE SET NULL,
  UNIQUE (workspace_id, customer_id, kind, value)
);
CREATE INDEX customer_identity_claims_customer_idx ON customer_identity_claims (workspace_id, customer_id);

-- Bytes visitors uploaded through a widget per day: one row for the widget ('widget') and one per
-- visitor (their id). Reserved with a conditional upsert before a file is stored, so concurrent
-- uploads cannot overshoot the quota.
CREATE TABLE webchat_upload_usage (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES channel_accounts(id) ON DELETE CASCADE,
  scope text NOT NULL,
  day date NOT NULL,
  bytes bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, scope, day)
);
