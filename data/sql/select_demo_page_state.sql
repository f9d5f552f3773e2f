-- What the demo's pages already show: a forecast run, the demo DR program, incidents, planned
-- outages and notices (gridops demo prepare skips what is there).
SELECT
    (SELECT count(*) FROM forecast_run WHERE kind = 'forecast' AND status = 'done') AS forecast_runs,
    (SELECT count(*) FROM dr_program WHERE name = %(dr_program)s) AS dr_programs,
    (SELECT count(*) FROM incident) AS incidents,
    (SELECT count(*) FROM planned_outage) AS planned_outages,
    (SELECT count(*) FROM notice) AS notices
