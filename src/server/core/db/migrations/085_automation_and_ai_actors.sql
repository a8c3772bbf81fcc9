-- Workflows and the AI act on their own: their writes are events by an 'automation' actor (actor_id =
-- the workflow, cause_run_id = the run, so a workflow never retriggers itself and loops can be counted)
-- or by 'ai' (auto-applied predictions, the AI agent's replies).
ALTER TABLE events DROP CONSTRAINT IF EXISTS events_actor_type_check;
ALTER TABLE events ADD CONSTRAINT events_actor_type_check
  CHECK (actor_type IN ('user', 'token', 'system', 'customer', 'automation', 'ai'));
ALTER TABLE events ADD COLUMN cause_run_id uuid;
-- The workflow's name at the time, so a timeline can say "Tự động: <name>" without reading the workflows area.
ALTER TABLE events ADD COLUMN actor_label text;
