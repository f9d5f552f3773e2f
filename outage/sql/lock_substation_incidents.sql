-- Serialise the inference for one substation until the end of the transaction: two reports
-- arriving at once behind one feeder (or one substation) must not open two incidents.
-- The first key names the lock's purpose (hashtext('incident')), the second the substation.
--
-- Bitmap scans are off for the rest of the transaction: every report updates its incident's
-- row (evidence, last_report_at), leaving dead versions in the incident indexes until vacuum;
-- a bitmap scan visits each of them every time, under this lock. A plain index scan marks
-- them dead once (LP_DEAD) and skips them after. (Set here, not by a SET statement of its
-- own: one statement fewer for every report.)
SELECT pg_advisory_xact_lock(hashtext('incident'), %(substation_id)s),
       set_config('enable_bitmapscan', 'off', true)
