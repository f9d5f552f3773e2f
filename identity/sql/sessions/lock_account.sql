-- Sign-ins of one account (the name as typed, lower-cased) take turns until the transaction
-- ends, so that guesses sent at once cannot all pass the throttle before any failure counts.
SELECT pg_advisory_xact_lock(hashtextextended('gridops.sign_in:' || %(username)s, 0))
