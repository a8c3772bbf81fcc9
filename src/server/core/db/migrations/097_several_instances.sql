-- Several app instances on one PostgreSQL (issue 15).

-- Leadership leases: single-run background work (IMAP pollers) is held by one instance at a time.
-- A lease is taken and renewed by single statements (no session state), so it works through a
-- transaction-pooling pgbouncer; `fence` grows with every change of holder.
CREATE TABLE cluster_leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  fence bigint NOT NULL DEFAULT 1,
  acquired_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

-- Cross-instance messages too large for a NOTIFY payload (8000 bytes) travel by id through this table.
CREATE TABLE cluster_relay (
  id bigserial PRIMARY KEY,
  payload text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cluster_relay_created_idx ON cluster_relay (created_at);

-- Shared request rate-limit counters (fixed windows), one row per key.
CREATE TABLE rate_limit_hits (
  key text PRIMARY KEY,
  hits integer NOT NULL,
  window_ends timestamptz NOT NULL
);
CREATE INDEX rate_limit_hits_window_idx ON rate_limit_hits (window_ends);
