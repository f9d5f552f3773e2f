SELECT id, kind, recipient_type, recipient_id, channel, language, status, attempts,
       max_attempts, event_ref, created_at, next_attempt_at, sent_at, last_error, subject,
       body, payload
FROM notice
WHERE id = %(id)s
