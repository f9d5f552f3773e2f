-- The staged transformers into transformer, by id (a stored one keeps its code unless the file
-- names one); answers (rows written, of which replaced a stored transformer).
WITH stored AS (
    SELECT count(*) AS n FROM transformer_staging AS s JOIN transformer AS t USING (id)
),
written AS (
    INSERT INTO transformer (id, code, feeder_id, capacity_kva, geom)
    SELECT id, coalesce(code, 'TR' || lpad(id::text, 5, '0')), feeder_id, capacity_kva,
           ST_SetSRID(ST_MakePoint(lon, lat), 4326)
    FROM transformer_staging
    ORDER BY row
    ON CONFLICT (id) DO UPDATE
        SET code = coalesce((SELECT s.code FROM transformer_staging AS s
                             WHERE s.id = EXCLUDED.id), transformer.code),
            feeder_id = EXCLUDED.feeder_id,
            capacity_kva = EXCLUDED.capacity_kva,
            geom = EXCLUDED.geom
    RETURNING 1
)
SELECT (SELECT count(*) FROM written), (SELECT n FROM stored)
