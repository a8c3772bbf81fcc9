-- What was sent, one row per cause instead of one per user and cause. A new conversation tells every
-- agent on duty, so a message from a new customer wrote ten rows, each with three index entries and
-- three foreign-key checks: under ingest at 20k customers that was a quarter of the throughput (458
-- against 611 msg/s with the rows not written at all). The rows are only ever read to send nothing twice
-- (and by tests and people asking "who was told?"), so a cause's recipients go in one row: what they
-- share once (`data`), what is each one's (`sent`: id, userId, kind, preview, actorName, channels) as a
-- list. A cause seen again adds the recipients it did not have yet (notifications/deliver.ts), so "one
-- notification per user and cause" holds as before.
CREATE TABLE notification_causes (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  dedupe_key text NOT NULL,
  -- Erasing a ticket erases what its notifications said (its subject, the customer's name, a preview).
  ticket_id uuid REFERENCES tickets(id) ON DELETE CASCADE,
  data jsonb NOT NULL,
  sent jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, dedupe_key)
);
-- The daily prune (older than 30 days) without a b-tree to keep up on every insert.
CREATE INDEX notification_causes_created_brin ON notification_causes USING brin (created_at);

INSERT INTO notification_causes (workspace_id, dedupe_key, ticket_id, data, sent, created_at)
SELECT workspace_id, dedupe_key, (array_agg(ticket_id))[1],
       (array_agg(data - 'preview' - 'actorName' - 'channels'))[1],
       jsonb_agg(jsonb_build_object('id', id, 'userId', user_id, 'kind', kind, 'preview', data->'preview',
                                    'actorName', data->'actorName', 'channels', data->'channels') ORDER BY created_at, user_id),
       min(created_at)
FROM notifications
GROUP BY workspace_id, dedupe_key;

DROP TABLE notifications;

-- The old per-user reading, for whoever asks who was told what.
CREATE VIEW notifications AS
SELECT (s->>'id')::uuid AS id, c.workspace_id, (s->>'userId')::uuid AS user_id, s->>'kind' AS kind, c.dedupe_key, c.ticket_id,
       c.data || jsonb_build_object('preview', s->'preview', 'actorName', s->'actorName', 'channels', s->'channels') AS data,
       c.created_at
FROM notification_causes c CROSS JOIN LATERAL jsonb_array_elements(c.sent) AS s;
