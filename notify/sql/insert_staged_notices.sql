-- Staged drafts into the outbox; a key already there (the same event, kind and recipient)
-- is skipped, and so is a repeat within the batch.
INSERT INTO notice (kind, recipient_type, recipient_id, channel, language, payload, event_ref,
                    idempotency_key, max_attempts)
SELECT kind, recipient_type, recipient_id, channel, language, payload, event_ref,
       idempotency_key, max_attempts
FROM notice_incoming
ON CONFLICT (idempotency_key) DO NOTHING
