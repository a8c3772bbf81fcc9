-- Orders, part 2 (issue 12): where orders come from and what recognised their customer.

-- The identities that recognised the order's customer ("phone:+84…|external:kiotviet:KH001"), so an
-- update that names the same customer skips matching again.
ALTER TABLE orders ADD COLUMN customer_ref text;

-- Search by the shop's order code (exact or its beginning).
CREATE INDEX orders_code_idx ON orders (workspace_id, lower(code) text_pattern_ops);
-- The order list without a customer: newest change first.
CREATE INDEX orders_status_idx ON orders (workspace_id, status, ordered_at DESC, id);

-- A shop platform or system that posts orders to POST /api/hooks/orders/<kind>/<key>: KiotViet,
-- Haravan or the generic signed webhook. Secrets (the signing secret) are sealed like channel secrets.
CREATE TABLE order_sources (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('kiotviet', 'haravan', 'webhook')),
  name text NOT NULL,                   -- orders.source of what it posts ('kiotviet', 'haravan', 'erp' …)
  key text NOT NULL UNIQUE,             -- the unguessable part of the webhook URL
  secrets text,                         -- AES-256-GCM box: { signingSecret }
  enabled boolean NOT NULL DEFAULT true,
  last_received_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, name)
);

-- Orders of a profile include those of the profiles merged into it (followed at read time).
CREATE INDEX customers_merged_into_idx ON customers (workspace_id, merged_into_id) WHERE merged_into_id IS NOT NULL;
