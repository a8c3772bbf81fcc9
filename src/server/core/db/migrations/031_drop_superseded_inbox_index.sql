-- tickets_inbox_all_idx (030) has the same columns and predicate with id DESC, which the inbox keyset
-- needs; the 001 index with id ASC is then pure write cost on every message (last_message_at changes).
DROP INDEX IF EXISTS tickets_inbox_idx;
