-- Completed events not measured yet.
SELECT e.id
FROM dr_event AS e
LEFT JOIN dr_event_measurement AS m ON m.event_id = e.id
WHERE e.status = 'completed' AND m.event_id IS NULL AND e.ends_at <= %(now)s
ORDER BY e.ends_at
