-- Segments (saved rules over profile, orders, tickets, surveys, journey stage) and cross-sell
-- (item-to-item co-occurrence learned from the workspace's own orders). Issue 12.

CREATE TABLE segments (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  rule jsonb NOT NULL,                  -- SegmentGroup (src/shared/segments.ts), validated before it is stored
  last_count integer,                   -- members when last counted (the list shows it without recounting)
  last_counted_at timestamptz,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX segments_ws_name_key ON segments (workspace_id, lower(name));

-- Indexes the rule compiler's predicates use (written identically in areas/segments/compile-rule.ts),
-- so a count over a million profiles reads indexes rather than every row.
CREATE INDEX customers_ws_stage_live_idx ON customers (workspace_id, lifecycle_stage) WHERE merged_into_id IS NULL;
CREATE INDEX customers_ws_birth_month_idx ON customers (workspace_id, (EXTRACT(MONTH FROM birthday))) WHERE merged_into_id IS NULL AND birthday IS NOT NULL;
CREATE INDEX customers_ws_pref_channel_idx ON customers (workspace_id, preferred_channel) WHERE merged_into_id IS NULL;
CREATE INDEX customers_attributes_gin ON customers USING gin (attributes jsonb_path_ops);
CREATE INDEX tickets_ws_customer_idx ON tickets (workspace_id, customer_id, created_at) WHERE merged_into_id IS NULL;
CREATE INDEX tickets_ws_customer_open_idx ON tickets (workspace_id, customer_id) WHERE merged_into_id IS NULL AND status NOT IN ('resolved', 'closed');
CREATE INDEX survey_answers_ws_type_customer_idx ON survey_answers (workspace_id, type, customer_id, answered_at DESC);
CREATE INDEX orders_ws_customer_status_idx ON orders (workspace_id, customer_id, status, kind) INCLUDE (total, ordered_at);

-- Cross-sell: for each pair of SKUs bought in the same order, how often (pair_count of `baskets`
-- orders), support = pair_count / baskets, confidence = P(other | sku), lift = confidence / P(other).
-- Rewritten per workspace by the cross-sell job; only pairs above the minimum support are kept.
CREATE TABLE item_associations (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  sku text NOT NULL,
  other_sku text NOT NULL,
  pair_count integer NOT NULL,
  support double precision NOT NULL,
  confidence double precision NOT NULL,
  lift double precision NOT NULL,
  PRIMARY KEY (workspace_id, sku, other_sku)
);

-- One row per workspace: when the associations were computed, from how many orders, and the item names
-- seen (latest name per SKU) so a suggestion can say what Y is.
CREATE TABLE item_association_runs (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  baskets integer NOT NULL,
  items integer NOT NULL,
  pairs integer NOT NULL,
  computed_at timestamptz NOT NULL,
  orders_changed_at timestamptz      -- the newest orders.updated_at the run saw (a later one means stale)
);

CREATE TABLE item_names (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  sku text NOT NULL,
  name text NOT NULL,
  orders integer NOT NULL,            -- baskets containing it (the popularity the fallback ranks by)
  PRIMARY KEY (workspace_id, sku)
);
