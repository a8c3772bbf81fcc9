-- Messenger: a person's profile as a Page sees it (GET /{PSID}?fields=first_name,last_name,profile_pic),
-- fetched once per PSID and Page; the name goes to the customer's profile, the picture is kept here.
CREATE TABLE messenger_profiles (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  page_id text NOT NULL,
  psid text NOT NULL,
  customer_id uuid REFERENCES customers(id) ON DELETE SET NULL,
  first_name text,
  last_name text,
  profile_pic text,
  -- null while not fetched (Facebook refused or was down): tried again at the next message, at most hourly.
  fetched_at timestamptz,
  attempted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, page_id, psid)
);
CREATE INDEX messenger_profiles_customer_idx ON messenger_profiles (customer_id);
