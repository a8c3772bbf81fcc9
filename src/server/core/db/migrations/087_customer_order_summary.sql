-- One row per live customer with orders: what segments (order count, total spent, last order, open
-- order, journey stage), the profile's lifetime value and the CLV card read instead of aggregating
-- orders per request (a segment over a million customers took seconds). Kept current by the orders
-- commands in their own transaction (upsert, the CSV import's set-based path) and after merges (a
-- reaction), from orders/commands/order-summary.ts — the one place that says what the columns mean.
-- The row belongs to the live profile: orders of profiles merged into it (merged_into_id, followed to
-- the end of the chain) count here; a merged-away profile has no row.
-- Net = kind <> 'quote' and status confirmed/paid/shipping/delivered/completed (orders/net-revenue.ts);
-- total already has the discount taken off; a cancelled or returned order gives its whole total back.
CREATE TABLE customer_order_summary (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  orders integer NOT NULL DEFAULT 0,            -- net orders
  net_revenue bigint NOT NULL DEFAULT 0,        -- sum of their totals, whole VND
  first_order_at timestamptz,                   -- first / last net order
  last_order_at timestamptz,
  open_orders integer NOT NULL DEFAULT 0,       -- draft, quote, confirmed, paid, shipping (shared/orders.ts OPEN_ORDER_STATUSES)
  in_sale_orders integer NOT NULL DEFAULT 0,    -- in progress as the journey counts it (journey/queries/stage-sql.ts)
  delivered_orders integer NOT NULL DEFAULT 0,  -- delivered or completed now
  last_delivered_at timestamptz,
  lost_orders integer NOT NULL DEFAULT 0,       -- cancelled or returned
  all_orders integer NOT NULL DEFAULT 0,        -- every row, quotes and contracts included
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, customer_id)
);
CREATE INDEX customer_order_summary_last_idx ON customer_order_summary (workspace_id, last_order_at);

-- Backfill: the same aggregate as order-summary.ts, written out once here (migrations are frozen).
INSERT INTO customer_order_summary (workspace_id, customer_id, orders, net_revenue, first_order_at, last_order_at, open_orders,
                                    in_sale_orders, delivered_orders, last_delivered_at, lost_orders, all_orders)
WITH RECURSIVE fam(workspace_id, owner, id, hops) AS (
  SELECT workspace_id, id, id, 0 FROM customers WHERE merged_into_id IS NULL
  UNION ALL
  SELECT c.workspace_id, f.owner, c.id, f.hops + 1 FROM fam f JOIN customers c ON c.workspace_id = f.workspace_id AND c.merged_into_id = f.id WHERE f.hops < 50
)
SELECT f.workspace_id, f.owner,
       count(*) FILTER (WHERE o.kind <> 'quote' AND o.status IN ('confirmed', 'paid', 'shipping', 'delivered', 'completed')),
       coalesce(sum(o.total) FILTER (WHERE o.kind <> 'quote' AND o.status IN ('confirmed', 'paid', 'shipping', 'delivered', 'completed')), 0),
       min(o.ordered_at) FILTER (WHERE o.kind <> 'quote' AND o.status IN ('confirmed', 'paid', 'shipping', 'delivered', 'completed')),
       max(o.ordered_at) FILTER (WHERE o.kind <> 'quote' AND o.status IN ('confirmed', 'paid', 'shipping', 'delivered', 'completed')),
       count(*) FILTER (WHERE o.status IN ('draft', 'quote', 'confirmed', 'paid', 'shipping')),
       count(*) FILTER (WHERE o.status IN ('confirmed', 'paid', 'shipping') OR (o.kind = 'contract' AND o.status IN ('draft', 'quote') AND o.contract_state IN ('sent', 'signed'))),
       count(*) FILTER (WHERE o.status IN ('delivered', 'completed')),
       max(coalesce(o.delivered_at, o.ordered_at)) FILTER (WHERE o.status IN ('delivered', 'completed')),
       count(*) FILTER (WHERE o.status IN ('cancelled', 'returned')),
       count(*)
FROM fam f JOIN orders o ON o.workspace_id = f.workspace_id AND o.customer_id = f.id
GROUP BY f.workspace_id, f.owner;
