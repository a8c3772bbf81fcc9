-- The journey map of a period (areas/journey) scans a workspace's messages and order status changes by
-- time; without these it would read every row of the workspace.
CREATE INDEX messages_ws_created_idx ON messages (workspace_id, created_at);
CREATE INDEX order_status_changes_ws_at_idx ON order_status_changes (workspace_id, at);
