-- AI (areas/ai): ticket-field classifiers and message sentiment learned in-process from the
-- workspace's own data. Models are stored serialised (weights as bytes), one row per version.

-- Per ticket field: off / suggest / auto-apply above a confidence the admin sets.
CREATE TABLE ai_field_settings (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  field text NOT NULL CHECK (field IN ('category', 'team', 'priority')),
  mode text NOT NULL DEFAULT 'suggest' CHECK (mode IN ('off', 'suggest', 'auto')),
  threshold real NOT NULL DEFAULT 0.8 CHECK (threshold >= 0 AND threshold <= 1),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, field)
);

-- Trained models: kind is a ticket field or 'sentiment'; the newest version of a kind is the one in use.
CREATE TABLE ai_models (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('category', 'team', 'priority', 'sentiment')),
  version integer NOT NULL,
  weights bytea NOT NULL,
  labels jsonb NOT NULL,
  -- Cross-validated accuracy, macro-F1 and per-class precision/recall/F1 with counts; cold-start status.
  report jsonb NOT NULL DEFAULT '{}',
  examples integer NOT NULL,
  train_ms integer NOT NULL DEFAULT 0,
  trained_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, kind, version)
);

-- The last training attempt per kind (also when it found too little data to train).
CREATE TABLE ai_training_status (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  kind text NOT NULL,
  status text NOT NULL CHECK (status IN ('trained', 'not_enough_data', 'failed')),
  detail jsonb NOT NULL DEFAULT '{}',
  attempted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, kind)
);

-- One prediction per ticket and field: shown as a suggestion, or applied (previous value kept for undo);
-- an agent's later change of the field is its correction, which becomes training data.
CREATE TABLE ai_predictions (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  ticket_id uuid NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  field text NOT NULL,
  label text NOT NULL,
  confidence real NOT NULL,
  model_version integer NOT NULL,
  state text NOT NULL DEFAULT 'suggested' CHECK (state IN ('suggested', 'applied', 'undone', 'accepted', 'corrected')),
  previous_value text,
  corrected_to text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, ticket_id, field)
);
CREATE INDEX ai_predictions_corrected_idx ON ai_predictions (workspace_id, field) WHERE corrected_to IS NOT NULL;

-- Sentiment of each customer (inbound) message.
CREATE TABLE message_sentiments (
  message_id uuid PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  ticket_id uuid NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  sentiment text NOT NULL CHECK (sentiment IN ('negative', 'neutral', 'positive')),
  -- p(positive) − p(negative), −1 … 1
  score real NOT NULL,
  confidence real NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX message_sentiments_ticket_idx ON message_sentiments (workspace_id, ticket_id, created_at DESC);
CREATE INDEX message_sentiments_customer_idx ON message_sentiments (workspace_id, customer_id, created_at DESC);
