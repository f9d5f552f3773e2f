-- The first answer given to an Idempotency-Key, and the hash of the request it answered.
SELECT request_hash, answer
FROM fault_report
WHERE idempotency_key = %(key)s
