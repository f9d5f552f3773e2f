-- Each feeder with its transformers (for picking a whole feeder).
SELECT f.id, f.code, s.code AS substation,
       coalesce(array_agg(t.id ORDER BY t.id) FILTER (WHERE t.id IS NOT NULL), '{}') AS transformer_ids
FROM feeder f
JOIN substation s ON s.id = f.substation_id
LEFT JOIN transformer t ON t.feeder_id = f.id
GROUP BY f.id, f.code, s.code
ORDER BY f.code
