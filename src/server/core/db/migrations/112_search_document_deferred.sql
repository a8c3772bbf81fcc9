-- A message on a ticket that already exists used to write the ticket row twice in one transaction: the
-- insert trigger's append to search_document (migration 109), then addMessages' counters update. The
-- counters update now appends the message's line itself (one row version, not two: under ingest of
-- ongoing conversations the append was a third of the ticket writes), and names those messages in the
-- transaction-local setting tantam.search_document_deferred (their ids, comma-separated) in the same
-- statement that inserts them, so this trigger leaves them out. Every other writer sets nothing and is
-- appended here as before; message ids are unique, so a list left over later in the transaction names
-- only rows already inserted.
CREATE OR REPLACE FUNCTION messages_search_document_added() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  deferred uuid[] := string_to_array(nullif(current_setting('tantam.search_document_deferred', true), ''), ',')::uuid[];
BEGIN
  UPDATE tickets t SET search_document = t.search_document || a.lines
  FROM (SELECT ticket_id, string_agg(E'\n' || search_text, '' ORDER BY created_at, id) AS lines
        FROM added WHERE search_text <> '' AND (deferred IS NULL OR id <> ALL (deferred)) GROUP BY ticket_id) a
  WHERE t.id = a.ticket_id;
  RETURN NULL;
END $$;
