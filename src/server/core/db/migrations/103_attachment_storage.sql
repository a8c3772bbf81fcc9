-- Attachments' bytes may live outside the database (S3-compatible storage, core/storage): each row
-- says where its bytes are, so rows written before (or with storage switched back) keep reading from
-- the database. 'db': attachments.data holds them; 's3': the object storage_key in the bucket does.
ALTER TABLE attachments ALTER COLUMN data DROP NOT NULL;
ALTER TABLE attachments ADD COLUMN stored_in text NOT NULL DEFAULT 'db' CHECK (stored_in IN ('db', 's3'));
ALTER TABLE attachments ADD COLUMN storage_key text;
ALTER TABLE attachments ADD CONSTRAINT attachments_bytes_somewhere CHECK (
  (stored_in = 'db' AND data IS NOT NULL) OR (stored_in = 's3' AND storage_key IS NOT NULL)
);
