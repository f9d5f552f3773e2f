COPY notice_incoming (kind, recipient_type, recipient_id, channel, language, payload, event_ref,
                      idempotency_key, max_attempts)
FROM STDIN
