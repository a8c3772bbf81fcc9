-- Knowledge base (articles vi/en with categories, a public help centre per workspace) and the AI
-- assistant (model endpoint settings, the AI agent's per-conversation state). Issue 14.

CREATE TABLE kb_categories (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX kb_categories_ws_name_key ON kb_categories (workspace_id, lower(name));

CREATE TABLE kb_articles (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  category_id uuid REFERENCES kb_categories(id) ON DELETE SET NULL,
  lang text NOT NULL CHECK (lang IN ('vi', 'en')),
  slug text NOT NULL,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',          -- markdown
  tags text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE UNIQUE INDEX kb_articles_ws_lang_slug_key ON kb_articles (workspace_id, lang, slug);
CREATE INDEX kb_articles_ws_status_idx ON kb_articles (workspace_id, status, lang);

-- The public help centre: /help/<slug> shows a workspace's published articles without a login.
CREATE TABLE help_centres (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  slug text NOT NULL,
  title text NOT NULL DEFAULT '',
  enabled boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX help_centres_slug_key ON help_centres (lower(slug));

-- The model endpoint and the AI agent's rules, one row per workspace (absent = defaults, no model).
CREATE TABLE assistant_settings (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  base_url text,                          -- OpenAI-compatible, e.g. http://localhost:11434/v1
  model text,
  api_key_sealed text,                    -- SecretBox-sealed {apiKey}
  timeout_ms integer NOT NULL DEFAULT 20000,
  embeddings boolean NOT NULL DEFAULT false,
  agent_channels text[] NOT NULL DEFAULT '{}',   -- where the AI agent answers: webchat, zalo, messenger
  agent_schedule text NOT NULL DEFAULT 'always' CHECK (agent_schedule IN ('always', 'outside_hours', 'business_hours')),
  max_turns integer NOT NULL DEFAULT 4,
  threshold real NOT NULL DEFAULT 0.35,
  handoff_team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
  handoff_segment_ids uuid[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per conversation the AI agent took part in: its turns and whether it handed off (and why).
CREATE TABLE assistant_conversations (
  ticket_id uuid PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'handed_off')),
  turns integer NOT NULL DEFAULT 0,       -- AI answers sent
  handoff_reason text,
  handed_off_at timestamptz,
  last_message_id uuid,                   -- the last customer message answered (a repeated job answers once)
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assistant_conversations_ws_idx ON assistant_conversations (workspace_id, created_at);
