-- An incident locked for a change of its lifecycle, with its device and the point a crew goes
-- to: the transformer, else the substation (the head of a feeder).
SELECT i.id, i.level, i.status, i.absorbed_into, i.customers_affected, i.opened_at,
       CASE i.level WHEN 'transformer' THEN t.code WHEN 'feeder' THEN f.code ELSE s.code END
           AS device,
       ST_X(coalesce(t.geom, s.geom)) AS lon,
       ST_Y(coalesce(t.geom, s.geom)) AS lat
FROM incident AS i
JOIN substation AS s ON s.id = i.substation_id
LEFT JOIN feeder AS f ON f.id = i.feeder_id
LEFT JOIN transformer AS t ON t.id = i.transformer_id AND i.level = 'transformer'
WHERE i.id = %(id)s
FOR UPDATE OF i
