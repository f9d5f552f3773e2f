-- One UPDATE for a batch of outcomes. A failure is recorded only while the lease is still
-- this attempt's (status delivering, same attempt number): once a lease ran out and another
-- worker claimed the notice, that worker records it. A delivery is a fact: sent always counts.
-- released: never attempted (the lease ran low first), so the attempt is handed back.
UPDATE notice AS n
SET status = CASE r.outcome
        WHEN 'sent' THEN 'sent'
        WHEN 'retry' THEN 'retrying'
        WHEN 'dead' THEN 'dead'
        ELSE CASE WHEN n.attempts > 1 THEN 'retrying' ELSE 'pending' END
    END,
    attempts = CASE WHEN r.outcome = 'released' THEN n.attempts - 1 ELSE n.attempts END,
    next_attempt_at = CASE r.outcome
        WHEN 'retry' THEN now() + make_interval(secs => r.retry_in_s)
        WHEN 'released' THEN now()
        ELSE n.next_attempt_at
    END,
    locked_until = NULL,
    locked_by = NULL,
    last_error = CASE WHEN r.outcome IN ('retry', 'dead') THEN r.error ELSE n.last_error END,
    sent_at = CASE WHEN r.outcome = 'sent' THEN now() ELSE n.sent_at END,
    subject = coalesce(r.subject, n.subject),
    body = coalesce(r.body, n.body)
FROM unnest(%(ids)s::bigint[], %(attempts)s::integer[], %(outcomes)s::text[],
            %(errors)s::text[], %(retry_in_s)s::float8[], %(subjects)s::text[],
            %(bodies)s::text[])
     AS r (id, attempt, outcome, error, retry_in_s, subject, body)
WHERE n.id = r.id
  AND ((r.outcome = 'sent' AND n.status <> 'sent')
       OR (n.status = 'delivering' AND n.attempts = r.attempt))
