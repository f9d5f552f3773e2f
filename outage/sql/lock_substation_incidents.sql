-- Serialise the inference for one substation until the end of the transaction: two reports
-- arriving at once behind one feeder (or one substation) must not open two incidents.
-- The first key names the lock's purpose (hashtext('incident')), the second the substation.
SELECT pg_advisory_xact_lock(hashtext('incident'), %(substation_id)s)
