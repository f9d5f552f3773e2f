-- The first staged reading of each transformer and hour into load_reading, replacing a stored
-- one; answers (rows written, of which replaced a stored reading).
WITH firsts AS MATERIALIZED (
    SELECT DISTINCT ON (transformer_id, ts) transformer_id, ts, kw
    FROM load_reading_staging
    ORDER BY transformer_id, ts, row
),
stored AS (
    SELECT count(*) AS n FROM firsts AS f JOIN load_reading AS r USING (transformer_id, ts)
),
written AS (
    INSERT INTO load_reading (transformer_id, ts, kw)
    SELECT transformer_id, ts, kw FROM firsts
    ON CONFLICT (transformer_id, ts) DO UPDATE SET kw = EXCLUDED.kw
    RETURNING 1
)
SELECT (SELECT count(*) FROM written), (SELECT n FROM stored)
