-- Statistics for the planner on the participants just staged.
ANALYZE pg_temp.dr_measure
