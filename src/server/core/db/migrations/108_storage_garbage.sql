-- Objects to delete from object storage (core/storage): a deleted attachment whose bytes were in the
-- bucket leaves its key here, whatever deleted it (a direct DELETE or a cascade from its message,
-- ticket or workspace), and the storage.collect job deletes the object, then the row. The trigger is
-- per statement, so a cascade deleting many attachments costs one insert.
CREATE TABLE storage_garbage (
  storage_key text PRIMARY KEY,
  stored_in text NOT NULL,
  deleted_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION attachments_collect_objects() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO storage_garbage (storage_key, stored_in)
    SELECT storage_key, stored_in FROM gone WHERE stored_in <> 'db' AND storage_key IS NOT NULL
    ON CONFLICT (storage_key) DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER attachments_collect_objects AFTER DELETE ON attachments
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION attachments_collect_objects();
