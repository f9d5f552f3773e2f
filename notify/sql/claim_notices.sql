-- Claim up to batch_size notices under a lease: first those whose lease ran out (their worker
-- died or stalled), then the due ones in order. SKIP LOCKED lets workers claim side by side.
-- attempts counts the claim, so a notice that keeps killing its worker still runs out of them.
-- The address comes from the recipient's contact for the notice's channel (none: NULL).
WITH expired AS (
    SELECT id FROM notice
    WHERE status = 'delivering' AND locked_until < now() AND attempts < max_attempts
    ORDER BY locked_until
    LIMIT %(batch_size)s
    FOR UPDATE SKIP LOCKED
), due AS (
    SELECT id FROM notice
    WHERE status IN ('pending', 'retrying') AND next_attempt_at <= now()
    ORDER BY next_attempt_at
    LIMIT greatest(%(batch_size)s - (SELECT count(*) FROM expired), 0)
    FOR UPDATE SKIP LOCKED
), claimed AS (
    UPDATE notice AS n
    SET status = 'delivering',
        attempts = n.attempts + 1,
        locked_until = now() + make_interval(secs => %(lease_s)s),
        locked_by = %(worker)s
    FROM (SELECT id FROM expired UNION ALL SELECT id FROM due) AS pick
    WHERE n.id = pick.id
    RETURNING n.id, n.kind, n.recipient_type, n.recipient_id, n.channel, n.language, n.payload,
              n.event_ref, n.idempotency_key, n.attempts, n.max_attempts, n.created_at
)
SELECT c.id, c.kind, c.recipient_type, c.recipient_id, c.channel, c.language, c.payload,
       c.event_ref, c.idempotency_key, c.attempts, c.max_attempts, c.created_at,
       CASE c.recipient_type
           WHEN 'customer' THEN cc.address
           WHEN 'crew' THEN wc.address
           WHEN 'external' THEN e.address
           WHEN 'reporter' THEN rc.address
       END AS address
FROM claimed AS c
LEFT JOIN customer_contact AS cc
    ON c.recipient_type = 'customer' AND cc.customer_id = c.recipient_id
    AND cc.channel = c.channel
LEFT JOIN crew_contact AS wc
    ON c.recipient_type = 'crew' AND wc.crew_id = c.recipient_id AND wc.channel = c.channel
LEFT JOIN external_endpoint AS e
    ON c.recipient_type = 'external' AND e.id = c.recipient_id AND e.channel = c.channel
LEFT JOIN fault_report_contact AS rc
    ON c.recipient_type = 'reporter' AND rc.fault_report_id = c.recipient_id
    AND rc.channel = c.channel
ORDER BY c.id
