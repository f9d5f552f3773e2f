-- A lease ran out on the last allowed attempt (its worker died mid-delivery each time):
-- dead, with the reason, rather than claimed for ever.
UPDATE notice
SET status = 'dead', locked_until = NULL, locked_by = NULL,
    last_error = 'lease ran out on the last attempt (the worker stopped mid-delivery)'
WHERE status = 'delivering' AND locked_until < now() AND attempts >= max_attempts
