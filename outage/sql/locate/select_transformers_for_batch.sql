-- Every transformer as WGS-84 lon/lat with its supply area (-1 without one) and devices
-- upstream, for BatchLocator's nearest-transformer rule; by id.
SELECT t.id, ST_X(t.geom) AS lon, ST_Y(t.geom) AS lat, coalesce(a.id, -1) AS supply_area_id,
       t.feeder_id, f.substation_id
FROM transformer AS t
JOIN feeder AS f ON f.id = t.feeder_id
LEFT JOIN supply_area AS a ON a.transformer_id = t.id
ORDER BY t.id
