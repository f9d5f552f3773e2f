-- Days a participant took part in another DR event are not similar days for its baseline (as
-- ISOs exclude event days from CBL windows: its load was curtailed, not typical): drop them from
-- dr_measure_day before the baselines are picked. Taking part means being asked by an event
-- that was not called off (published, active or completed), unless the customer opted out; a
-- customer who declined used electricity as usual. The event day itself is kept (its actuals).
DELETE FROM dr_measure_day AS d
USING dr_event AS e, dr_participant AS p
WHERE e.id <> %(event_id)s
  AND e.status IN ('published', 'active', 'completed')
  AND e.starts_at >= %(from_ts)s AND e.starts_at < %(to_ts)s
  AND p.event_id = e.id
  AND p.customer_id = d.customer_id
  AND p.response IS DISTINCT FROM 'opt_out'
  AND d.day = (e.starts_at AT TIME ZONE %(tz)s)::date
  AND d.day <> %(event_day)s
