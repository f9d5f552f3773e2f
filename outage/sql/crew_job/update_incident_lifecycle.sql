-- Move an incident along its lifecycle; the time of each step is kept once.
UPDATE incident SET
    status = %(status)s,
    confirmed_at = CASE WHEN %(status)s IN ('confirmed', 'dispatched')
                        THEN coalesce(confirmed_at, %(now)s) ELSE confirmed_at END,
    dispatched_at = CASE WHEN %(status)s = 'dispatched' THEN %(now)s ELSE dispatched_at END,
    estimated_restoration_at = coalesce(%(etr)s, estimated_restoration_at),
    updated_at = %(now)s
WHERE id = %(id)s
