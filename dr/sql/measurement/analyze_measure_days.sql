-- Statistics for the planner on the scratch tables just filled.
ANALYZE pg_temp.dr_measure_day
