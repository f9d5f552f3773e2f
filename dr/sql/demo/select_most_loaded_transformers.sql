-- The transformers most loaded at a local hour of a day (kW over kVA), the highest first.
SELECT l.transformer_id
FROM load_reading AS l
JOIN transformer AS t ON t.id = l.transformer_id
WHERE l.ts = %(at)s
ORDER BY l.kw / t.capacity_kva DESC, l.transformer_id
LIMIT %(limit)s
