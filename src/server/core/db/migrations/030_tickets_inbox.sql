-- Tickets area: the inbox shows a preview of the last message without a subquery per row.
ALTER TABLE tickets ADD COLUMN last_message_preview text NOT NULL DEFAULT '';

-- Inbox keyset pagination orders by (last_message_at DESC, id DESC) so the cursor is one row
-- comparison "(last_message_at, id) < ($t, $id)" that an index can range-scan. The 001 indexes
-- sort id ascending, which cannot serve that comparison; these match it exactly.
-- "Open" (not resolved/closed) is the default view, so the common indexes are partial on it.
CREATE INDEX tickets_inbox_open_idx ON tickets (workspace_id, last_message_at DESC, id DESC)
  WHERE merged_into_id IS NULL AND status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_inbox_all_idx ON tickets (workspace_id, last_message_at DESC, id DESC)
  WHERE merged_into_id IS NULL;
-- view=mine and view=unassigned (assignee_id IS NULL is an index condition too).
CREATE INDEX tickets_inbox_assignee_open_idx ON tickets (workspace_id, assignee_id, last_message_at DESC, id DESC)
  WHERE merged_into_id IS NULL AND status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_inbox_team_open_idx ON tickets (workspace_id, team_id, last_message_at DESC, id DESC)
  WHERE merged_into_id IS NULL AND status NOT IN ('resolved', 'closed');
-- Inbound threading: "the open ticket of this customer on this channel".
CREATE INDEX tickets_customer_channel_idx ON tickets (customer_id, channel, last_message_at DESC)
  WHERE merged_into_id IS NULL;
-- Free-text search on the subject (q=), the customer side uses customers_search_name_trgm.
CREATE INDEX tickets_subject_trgm ON tickets USING gin (lower(subject) gin_trgm_ops);
