-- Orders, quotes and contracts (one table with a kind), their line items and status history (issue 12).
-- Money is whole VND in bigint. Idempotent on (workspace, source, code): a replay or an older update
-- (source_updated_at not newer) changes nothing.
CREATE TABLE orders (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  kind text NOT NULL DEFAULT 'order' CHECK (kind IN ('order', 'quote', 'contract')),
  source text NOT NULL,                 -- 'api', 'csv', 'kiotviet', 'haravan', 'webhook', 'demo' …
  code text NOT NULL,                   -- the shop's own code
  customer_id uuid REFERENCES customers(id) ON DELETE SET NULL,
  status text NOT NULL CHECK (status IN ('draft', 'quote', 'confirmed', 'paid', 'shipping', 'delivered', 'completed', 'cancelled', 'returned')),
  raw_status text,                      -- the source's own words/code for it
  payment_method text,                  -- 'cod' | 'prepaid' | the source's gateway
  amount_paid bigint NOT NULL DEFAULT 0,
  shipping_status text,
  carrier text,
  subtotal bigint NOT NULL DEFAULT 0,
  discount bigint NOT NULL DEFAULT 0,
  shipping_fee bigint NOT NULL DEFAULT 0,
  total bigint NOT NULL DEFAULT 0,      -- what the customer pays: subtotal − discount + shipping_fee
  ordered_at timestamptz NOT NULL,
  delivered_at timestamptz,
  contract_state text CHECK (contract_state IS NULL OR contract_state IN ('draft', 'sent', 'signed', 'declined', 'expired')),
  source_updated_at timestamptz NOT NULL, -- the later one wins
  meta jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, source, code)
);
CREATE INDEX orders_customer_idx ON orders (workspace_id, customer_id, ordered_at DESC);
CREATE INDEX orders_ws_ordered_idx ON orders (workspace_id, ordered_at DESC, id);
CREATE INDEX orders_open_idx ON orders (workspace_id, customer_id) WHERE status IN ('draft', 'quote', 'confirmed', 'paid', 'shipping');

CREATE TABLE order_items (
  order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  position integer NOT NULL,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  sku text NOT NULL DEFAULT '',
  name text NOT NULL DEFAULT '',
  quantity numeric NOT NULL DEFAULT 1,
  unit_price bigint NOT NULL DEFAULT 0,
  warranty_months integer,
  warranty_ends_on date,                -- delivered (else ordered) date + warranty_months
  PRIMARY KEY (order_id, position)
);
CREATE INDEX order_items_sku_idx ON order_items (workspace_id, sku);

-- Every status the order went through, with its time (the profile's status history).
CREATE TABLE order_status_changes (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  status text NOT NULL,
  raw_status text,
  at timestamptz NOT NULL
);
CREATE INDEX order_status_changes_order_idx ON order_status_changes (order_id, at);

-- A ticket may be about one order (the agent links it; the inbox filters "about an open order").
ALTER TABLE tickets ADD COLUMN order_id uuid REFERENCES orders(id) ON DELETE SET NULL;
CREATE INDEX tickets_order_idx ON tickets (workspace_id, order_id) WHERE order_id IS NOT NULL;
