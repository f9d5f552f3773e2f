-- The newest reading of every transformer an import touched, for the map.
INSERT INTO transformer_latest_load (transformer_id, ts, kw)
SELECT t.transformer_id, r.ts, r.kw
FROM (SELECT DISTINCT transformer_id FROM load_reading_staging) AS t
CROSS JOIN LATERAL (
    SELECT ts, kw FROM load_reading
    WHERE transformer_id = t.transformer_id
    ORDER BY ts DESC
    LIMIT 1
) AS r
ON CONFLICT (transformer_id) DO UPDATE SET ts = EXCLUDED.ts, kw = EXCLUDED.kw
