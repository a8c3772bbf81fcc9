-- Tickets area: the inbox's other orders over open tickets — newest created, highest priority, soonest
-- SLA due — each an index that matches its ORDER BY and keyset cursor exactly (see queries/inbox.ts:
-- PRIORITY_RANK_SQL and SLA_DUE_SQL are these expressions), so a page stops after `limit` rows
-- like the default order's tickets_inbox_open_idx instead of sorting every open ticket.
CREATE INDEX tickets_inbox_created_open_idx ON tickets (workspace_id, created_at DESC, id DESC)
  WHERE merged_into_id IS NULL AND status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_inbox_priority_open_idx ON tickets (
  workspace_id,
  (CASE priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END) DESC,
  last_message_at DESC,
  id DESC
) WHERE merged_into_id IS NULL AND status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_inbox_sla_due_open_idx ON tickets (
  workspace_id,
  (COALESCE(LEAST(CASE WHEN first_response_at IS NULL THEN first_response_due_at END,
                  CASE WHEN resolved_at IS NULL AND closed_at IS NULL THEN resolution_due_at END),
            'infinity'::timestamptz)),
  id
) WHERE merged_into_id IS NULL AND status NOT IN ('resolved', 'closed');
-- The tag filter (tags @> ARRAY[$tag]).
CREATE INDEX tickets_tags_gin ON tickets USING gin (tags);
