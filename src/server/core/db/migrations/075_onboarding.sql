-- The getting-started checklist on the home page: when an admin hid it (NULL = still shown while
-- steps are open). Its steps are read from real state, so nothing else is stored.
ALTER TABLE workspaces ADD COLUMN onboarding_dismissed_at timestamptz;
