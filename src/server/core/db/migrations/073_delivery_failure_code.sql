-- Why a delivery failed, as a stable code (src/shared/channels.ts DELIVERY_FAILURES) the web app
-- translates; delivery_error keeps the technical detail (an SMTP server's own words).
ALTER TABLE messages ADD COLUMN IF NOT EXISTS delivery_failure text;

-- Failures recorded before the code existed, classified from their (English) reason.
UPDATE messages SET delivery_failure = CASE
    WHEN delivery_error ILIKE '%has no mailbox%' THEN 'no_account'
    WHEN delivery_error ILIKE '%is disabled%' THEN 'account_disabled'
    WHEN delivery_error ILIKE '%has no SMTP settings%' THEN 'account_not_configured'
    WHEN delivery_error ILIKE '%has no email address%' THEN 'no_recipient'
    WHEN delivery_error ILIKE '%no chat visitor%' THEN 'no_conversation'
    WHEN delivery_error ILIKE '%cannot send%' THEN 'channel_cannot_send'
    ELSE 'unknown'
  END
WHERE delivery_status = 'failed' AND delivery_failure IS NULL;
