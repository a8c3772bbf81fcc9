-- Proactive order updates (issue 12): a workspace's notice settings, one row per notice decided for an
-- order status change (sent, scheduled past quiet hours or skipped with its reason), customers who
-- opted out, and the post-delivery survey once per order.

-- The whole settings document, stored when first saved; a workspace without a row uses the built-in
-- defaults (areas/notices/settings.ts), so every workspace, old or new, starts with them.
CREATE TABLE notice_settings (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  settings jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One notice per order status change event: the unique event id makes a redelivered event or a job
-- that runs twice change nothing.
CREATE TABLE order_notices (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  event_id bigint NOT NULL,
  order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  customer_id uuid REFERENCES customers(id) ON DELETE SET NULL,
  status text NOT NULL,
  state text NOT NULL CHECK (state IN ('scheduled', 'sent', 'skipped')),
  reason text,
  attempts jsonb NOT NULL DEFAULT '[]',
  language text NOT NULL DEFAULT 'vi',
  channel text,
  ticket_id uuid REFERENCES tickets(id) ON DELETE SET NULL,
  message_id uuid REFERENCES messages(id) ON DELETE SET NULL,
  body text,
  unsubscribe_token_hash text UNIQUE,   -- sha256 of the email link's token
  due_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  UNIQUE (workspace_id, event_id)
);
CREATE INDEX order_notices_ws_created_idx ON order_notices (workspace_id, created_at DESC, id DESC);
CREATE INDEX order_notices_customer_idx ON order_notices (workspace_id, customer_id, created_at DESC);
CREATE INDEX order_notices_order_idx ON order_notices (order_id, created_at);
CREATE INDEX order_notices_message_idx ON order_notices (message_id) WHERE message_id IS NOT NULL;

-- Customers who asked for no more order notices (the email link, an agent on the 360, a "HUY" reply).
CREATE TABLE notice_optouts (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  via text NOT NULL CHECK (via IN ('link', 'agent', 'reply')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, customer_id)
);

-- The survey after delivery: once per order, whatever the number of 'delivered' events.
CREATE TABLE notice_surveys (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  state text NOT NULL CHECK (state IN ('scheduled', 'sent', 'skipped')),
  outcome text,
  survey_request_id uuid,
  due_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, order_id)
);
