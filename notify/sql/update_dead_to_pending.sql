-- Retry dead letters: back to pending with a fresh set of attempts, due now; last_error is
-- kept until the next attempt replaces it. Wakes idle workers.
WITH retried AS (
    UPDATE notice
    SET status = 'pending', attempts = 0, next_attempt_at = now(),
        locked_until = NULL, locked_by = NULL
    WHERE id = ANY (%(ids)s::bigint[]) AND status = 'dead'
    RETURNING id
)
SELECT count(*), pg_notify('gridops_notice', '') FROM retried
