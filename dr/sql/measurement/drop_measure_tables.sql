-- The measurement's scratch tables, done with.
DROP TABLE pg_temp.dr_measure, pg_temp.dr_measure_day
