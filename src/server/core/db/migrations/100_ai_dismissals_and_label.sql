-- Issue 14 follow-ups.
-- A suggestion an agent dismissed on a ticket stays dismissed for everyone (and after a reload) until
-- someone takes the dismissal back; who and when are kept. Dismissal is not a training label (state is).
ALTER TABLE ai_predictions ADD COLUMN dismissed_at timestamptz;
ALTER TABLE ai_predictions ADD COLUMN dismissed_by uuid REFERENCES users(id) ON DELETE SET NULL;

-- How the AI agent's messages are marked to customers (null: "🤖 Trợ lý AI: " / "🤖 AI assistant: ").
ALTER TABLE assistant_settings ADD COLUMN ai_label_vi text;
ALTER TABLE assistant_settings ADD COLUMN ai_label_en text;
