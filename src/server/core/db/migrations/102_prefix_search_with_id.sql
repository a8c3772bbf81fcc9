-- The name lookup's prefix pass (customers/queries/lookup-customers.ts) and the customer list sorted
-- by name order by (search_name COLLATE "C", id). With id outside the index, PostgreSQL had to read
-- every customer sharing the first matching name to sort them by id: at 1M customers "nguyen van"
-- read 1,423 index entries and heap rows for a page of 10. With id as the last column the index holds
-- the full order and the scan stops after the page. Same name, so plans and tests keep naming it.
DROP INDEX IF EXISTS customers_search_name_prefix_idx;
CREATE INDEX customers_search_name_prefix_idx ON customers (workspace_id, (search_name COLLATE "C"), id) WHERE merged_into_id IS NULL;
