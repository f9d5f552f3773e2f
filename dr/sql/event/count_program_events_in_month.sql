-- Events of a program (not cancelled) whose window starts in the local month of %(starts_at)s.
SELECT count(*)
FROM dr_event
WHERE program_id = %(program_id)s
  AND status <> 'cancelled'
  AND (%(except_id)s::integer IS NULL OR id <> %(except_id)s)
  AND date_trunc('month', starts_at AT TIME ZONE %(tz)s)
      = date_trunc('month', %(starts_at)s::timestamptz AT TIME ZONE %(tz)s)
