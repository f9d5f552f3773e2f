-- The feeders of substation %(substation_id)s with an open feeder-level incident.
SELECT coalesce(array_agg(DISTINCT feeder_id ORDER BY feeder_id), '{}') AS feeder_ids
FROM incident
WHERE substation_id = %(substation_id)s
  AND level = 'feeder'
  AND absorbed_into IS NULL
  AND status IN ('suspected', 'confirmed', 'dispatched')
