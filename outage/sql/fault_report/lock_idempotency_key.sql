-- Serialise requests carrying one Idempotency-Key until the end of the transaction, so a
-- key sent twice at once stores one report and answers both with it.
SELECT pg_advisory_xact_lock(hashtext('fault_report_key'), hashtext(%(key)s))
