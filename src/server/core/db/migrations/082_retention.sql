-- Retention and value (issue 12, PRODUCT §4: CRR, churn, CLV), kept as rollups like the service measures.
-- A customer is active while their last net order is within the workspace's activity window.
ALTER TABLE workspaces ADD COLUMN activity_window_days integer NOT NULL DEFAULT 365
  CHECK (activity_window_days BETWEEN 7 AND 3650);

-- One row per customer who has any order: what the profile, the at-risk list and the service report read.
-- Net = orders not cancelled/returned (and not drafts/quotes); see retention/orders.ts.
CREATE TABLE retention_customers (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  channel text NOT NULL,                -- channel of acquisition (first ticket, else first identity)
  segment text NOT NULL DEFAULT '',
  first_order_at timestamptz,           -- first/last net order; NULL when every order was cancelled/returned
  last_order_at timestamptz,
  orders integer NOT NULL DEFAULT 0,    -- net orders
  net_revenue bigint NOT NULL DEFAULT 0,
  median_gap_days numeric,              -- median days between consecutive net orders (NULL below 2 orders)
  last_lost_order_at timestamptz,       -- the latest cancelled or returned order
  last_csat integer,                    -- the customer's latest CSAT score (1–5)
  last_frt_seconds integer,             -- FRT of their latest ticket that got a reply
  csat_band text NOT NULL DEFAULT 'none',
  frt_band text NOT NULL DEFAULT 'none',
  refreshed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, customer_id)
);
CREATE INDEX retention_customers_last_idx ON retention_customers (workspace_id, last_order_at);

-- Per-customer contributions by day, replaced whole when the customer is refreshed (like metric_samples):
-- starts/ends: an activity span begins / its first inactive day (end = last order of the span + window);
-- firsts/seconds: the customer's first / second net order; orders, revenue: net orders of that day.
-- span_start (end rows): the day the ending span began (churn over periods longer than the window).
CREATE TABLE retention_samples (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  customer_id uuid NOT NULL,
  day date NOT NULL,
  channel text NOT NULL,
  segment text NOT NULL,
  csat_band text NOT NULL,
  frt_band text NOT NULL,
  starts integer NOT NULL DEFAULT 0,
  ends integer NOT NULL DEFAULT 0,
  firsts integer NOT NULL DEFAULT 0,
  seconds integer NOT NULL DEFAULT 0,
  orders integer NOT NULL DEFAULT 0,
  revenue bigint NOT NULL DEFAULT 0,
  span_start date
);
CREATE INDEX retention_samples_customer_idx ON retention_samples (workspace_id, customer_id);
CREATE INDEX retention_samples_day_idx ON retention_samples (workspace_id, day);

-- Rollups by day × channel × segment, and by day × service bands (the service ↔ value report).
CREATE TABLE retention_rollups (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  day date NOT NULL,
  channel text NOT NULL,
  segment text NOT NULL,
  starts integer NOT NULL, ends integer NOT NULL, firsts integer NOT NULL, seconds integer NOT NULL,
  orders integer NOT NULL, revenue bigint NOT NULL,
  PRIMARY KEY (workspace_id, day, channel, segment)
);
CREATE TABLE retention_rollups_service (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  day date NOT NULL,
  csat_band text NOT NULL,
  frt_band text NOT NULL,
  starts integer NOT NULL, ends integer NOT NULL, firsts integer NOT NULL, seconds integer NOT NULL,
  orders integer NOT NULL, revenue bigint NOT NULL,
  PRIMARY KEY (workspace_id, day, csat_band, frt_band)
);
CREATE TABLE retention_dirty_days (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  day date NOT NULL,
  PRIMARY KEY (workspace_id, day)
);
