-- Every supply area with its devices upstream, for BatchLocator: geometry as WKB, by id.
SELECT a.id, a.transformer_id, t.feeder_id, f.substation_id, ST_AsBinary(a.geom) AS wkb
FROM supply_area AS a
JOIN transformer AS t ON t.id = a.transformer_id
JOIN feeder AS f ON f.id = t.feeder_id
ORDER BY a.id
