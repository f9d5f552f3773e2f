-- One page of notices, newest first, with what each said (or will say: its facts). The
-- recipient is its type and id: no contact details.
SELECT id, kind, recipient_type, recipient_id, channel, language, status, attempts,
       max_attempts, event_ref, created_at, next_attempt_at, sent_at, last_error, subject,
       body, payload,
       count(*) OVER () AS total
FROM notice
WHERE (%(kinds)s::text[] IS NULL OR kind = ANY (%(kinds)s::text[]))
  AND (%(statuses)s::text[] IS NULL OR status = ANY (%(statuses)s::text[]))
  AND (%(created_from)s::timestamptz IS NULL OR created_at >= %(created_from)s)
  AND (%(created_to)s::timestamptz IS NULL OR created_at < %(created_to)s)
  AND (%(event_prefix)s::text IS NULL OR event_ref LIKE %(event_prefix)s)
ORDER BY created_at DESC, id DESC
LIMIT %(limit)s OFFSET %(offset)s
