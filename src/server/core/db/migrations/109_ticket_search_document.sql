-- Each ticket carries a search document: its customer's folded name (customers.search_name) on the
-- first line, then each message's folded text (messages.search_text), one per line. The inbox's
-- windowed search (areas/tickets/queries/inbox.ts) then tests a ticket with one LIKE on the row it
-- already holds, instead of reading its customer and an EXISTS over its messages (messages_ticket_idx
-- plus a heap page per message: most of that search's cost at 1M tickets). The folded query never
-- holds a '\n' (whitespace folds to ' '), so a match never straddles two lines.
--
-- Triggers keep it true whoever writes (commands, inbound, merges, calls, imports, the demo's bulk
-- inserts). Those on messages are per statement, so a group of deliveries or a bulk insert costs one
-- UPDATE: an insert appends lines; an update that changes a message's text or moves it to another
-- ticket (a merge), and a delete, rebuild the tickets concerned. A ticket takes its customer's name
-- when it is created or moved to another customer; a renamed customer rewrites its tickets' first line.
-- Messages with no text (attachments only) add no line.
ALTER TABLE tickets ADD COLUMN search_document text NOT NULL DEFAULT '';

-- A document without its first line (the name): '' or '\n' followed by the message lines.
CREATE FUNCTION tt_search_document_messages(doc text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN pg_catalog.strpos(doc, E'\n') = 0 THEN '' ELSE pg_catalog.substr(doc, pg_catalog.strpos(doc, E'\n')) END
$$;

CREATE FUNCTION tt_rebuild_search_document(ticket_ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE tickets t SET search_document =
    coalesce((SELECT c.search_name FROM customers c WHERE c.id = t.customer_id), '')
    || coalesce((SELECT string_agg(E'\n' || m.search_text, '' ORDER BY m.created_at, m.id)
                 FROM messages m WHERE m.ticket_id = t.id AND m.search_text <> ''), '')
  WHERE t.id = ANY(ticket_ids);
$$;

CREATE FUNCTION messages_search_document_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tickets t SET search_document = t.search_document || a.lines
  FROM (SELECT ticket_id, string_agg(E'\n' || search_text, '' ORDER BY created_at, id) AS lines
        FROM added WHERE search_text <> '' GROUP BY ticket_id) a
  WHERE t.id = a.ticket_id;
  RETURN NULL;
END $$;

CREATE FUNCTION messages_search_document_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Most updates of messages are delivery receipts and metadata: they change no text and cost a join.
  PERFORM tt_rebuild_search_document(array_agg(DISTINCT x.ticket_id))
  FROM (SELECT o.ticket_id, n.ticket_id AS new_ticket_id FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.ticket_id IS DISTINCT FROM n.ticket_id OR o.search_text IS DISTINCT FROM n.search_text) c
  CROSS JOIN LATERAL (VALUES (c.ticket_id), (c.new_ticket_id)) x(ticket_id)
  HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE FUNCTION messages_search_document_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM tt_rebuild_search_document(array_agg(DISTINCT ticket_id)) FROM gone HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE FUNCTION tickets_search_document_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_document := coalesce((SELECT search_name FROM customers WHERE id = NEW.customer_id), '')
    || tt_search_document_messages(NEW.search_document);
  RETURN NEW;
END $$;

CREATE FUNCTION customers_search_document_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tickets SET search_document = NEW.search_name || tt_search_document_messages(search_document)
  WHERE customer_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER messages_search_document_added AFTER INSERT ON messages
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION messages_search_document_added();
CREATE TRIGGER messages_search_document_changed AFTER UPDATE ON messages
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION messages_search_document_changed();
CREATE TRIGGER messages_search_document_gone AFTER DELETE ON messages
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION messages_search_document_gone();
CREATE TRIGGER tickets_search_document_created BEFORE INSERT ON tickets
  FOR EACH ROW EXECUTE FUNCTION tickets_search_document_customer();
CREATE TRIGGER tickets_search_document_moved BEFORE UPDATE OF customer_id ON tickets
  FOR EACH ROW WHEN (OLD.customer_id IS DISTINCT FROM NEW.customer_id) EXECUTE FUNCTION tickets_search_document_customer();
CREATE TRIGGER customers_search_document_renamed AFTER UPDATE OF search_name ON customers
  FOR EACH ROW WHEN (OLD.search_name IS DISTINCT FROM NEW.search_name) EXECUTE FUNCTION customers_search_document_name();

-- The tickets already there.
UPDATE tickets t SET search_document = x.doc
FROM (SELECT t2.id, c.search_name || coalesce(d.lines, '') AS doc
      FROM tickets t2
      JOIN customers c ON c.id = t2.customer_id
      LEFT JOIN (SELECT ticket_id, string_agg(E'\n' || search_text, '' ORDER BY created_at, id) AS lines
                 FROM messages WHERE search_text <> '' GROUP BY ticket_id) d ON d.ticket_id = t2.id) x
WHERE t.id = x.id;
