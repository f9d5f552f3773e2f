-- Unplanned outages at a WGS-84 point: the open incidents (suspected, confirmed, dispatched;
-- not absorbed) whose device area covers it — the transformer's supply area, or any supply
-- area of the feeder or substation. Level, status and times only: no customer data.
WITH here AS (
    SELECT t.id AS transformer_id, t.feeder_id, f.substation_id
    FROM supply_area AS a
    JOIN transformer AS t ON t.id = a.transformer_id
    JOIN feeder AS f ON f.id = t.feeder_id
    WHERE ST_Covers(a.geom, ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326))
)
SELECT DISTINCT i.id, i.level, i.status, i.opened_at AS since, i.estimated_restoration_at
FROM incident AS i
JOIN here AS h
  ON i.substation_id = h.substation_id
 AND (i.level = 'substation'
      OR (i.level = 'feeder' AND i.feeder_id = h.feeder_id)
      OR (i.level = 'transformer' AND i.transformer_id = h.transformer_id))
WHERE i.absorbed_into IS NULL
  AND i.status IN ('suspected', 'confirmed', 'dispatched')
ORDER BY since, i.id
