-- What the demo's pages already show: a forecast run, the demo DR program, incidents, planned
-- outages and notices, and the demo's staff users of %(demo_users)s (lower-case names)
-- (gridops demo prepare skips what is there).
SELECT
    (SELECT count(*) FROM forecast_run WHERE kind = 'forecast' AND status = 'done') AS forecast_runs,
    (SELECT count(*) FROM dr_program WHERE name = %(dr_program)s) AS dr_programs,
    (SELECT count(*) FROM incident) AS incidents,
    (SELECT count(*) FROM planned_outage) AS planned_outages,
    (SELECT count(*) FROM notice) AS notices,
    (SELECT count(*) FROM staff_user WHERE lower(username) = ANY (%(demo_users)s::text[]))
        AS demo_users
