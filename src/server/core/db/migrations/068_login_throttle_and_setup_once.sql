-- Login throttling (access area, commands/login-throttle.ts). One row per counter:
--   pair    (email, client address): wrong passwords there; a growing wait after a few; a success
--           marks the address as one the account logs in from (trusted for the other two caps)
--   address (client address, any email): password spraying
--   account (email, any address): guessing one account from many addresses
-- Keys are sha256 digests: the table holds no email or address in the clear.
CREATE TABLE login_throttle (
  scope text NOT NULL CHECK (scope IN ('pair', 'address', 'account')),
  key text NOT NULL,
  failures integer NOT NULL DEFAULT 0,
  window_started_at timestamptz NOT NULL DEFAULT now(),
  last_failed_at timestamptz,
  last_succeeded_at timestamptz,
  PRIMARY KEY (scope, key)
);
-- Pruning rows nothing has touched for long (see the throttle's prune()).
CREATE INDEX login_throttle_touched_idx ON login_throttle ((greatest(window_started_at, last_failed_at, last_succeeded_at)));

-- First-visit setup happens once per installation: this one-row table is written by the setup's
-- transaction, so a second setup fails on its primary key even if the advisory lock were bypassed.
-- Deleting that workspace frees it again, as GET /api/setup then says setup is needed.
CREATE TABLE installation_setup (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  done_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO installation_setup (workspace_id)
SELECT id FROM workspaces ORDER BY created_at, id LIMIT 1;
