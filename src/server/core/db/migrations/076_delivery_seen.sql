-- Outbound messages may be reported seen (Zalo user_seen_message, Messenger read watermark): queued → sent →
-- delivered → seen. The column's check is widened; nothing else about delivery changes.
ALTER TABLE messages DROP CONSTRAINT IF EXISTS messages_delivery_status_check;
ALTER TABLE messages ADD CONSTRAINT messages_delivery_status_check
  CHECK (delivery_status IN ('queued', 'sent', 'delivered', 'seen', 'failed'));
