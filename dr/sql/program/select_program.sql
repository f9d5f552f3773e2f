-- One DR program.
SELECT id, name, incentive_per_kwh, max_events_per_month, notice_lead, max_duration, active
FROM dr_program
WHERE id = %(id)s
