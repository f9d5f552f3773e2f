-- The active DR programs, by name (the console offers them when an event is created).
SELECT id, name, incentive_per_kwh, max_events_per_month, notice_lead, max_duration, active
FROM dr_program
WHERE active
ORDER BY name, id
