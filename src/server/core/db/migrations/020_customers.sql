-- Customers area: indexes for the list (live profiles, newest first), tag filter, merge history.
-- The customer list pages over live profiles only, newest first: keyset on (created_at, id).
CREATE INDEX customers_ws_live_created_idx ON customers (workspace_id, created_at DESC, id DESC) WHERE merged_into_id IS NULL;
-- "tag = vip" filter: tags @> ARRAY['vip'].
CREATE INDEX customers_tags_gin ON customers USING gin (tags);
-- The 360 timeline and merge history show merges in both directions.
CREATE INDEX customer_merges_source_idx ON customer_merges (workspace_id, source_id);
