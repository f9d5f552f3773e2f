-- The staged temperatures into weather_reading, replacing a stored hour; answers (rows
-- written, of which replaced a stored hour).
WITH stored AS (
    SELECT count(*) AS n FROM weather_staging AS s JOIN weather_reading AS w USING (ts)
),
written AS (
    INSERT INTO weather_reading (ts, temperature_c)
    SELECT ts, temperature_c FROM weather_staging
    ON CONFLICT (ts) DO UPDATE SET temperature_c = EXCLUDED.temperature_c
    RETURNING 1
)
SELECT (SELECT count(*) FROM written), (SELECT n FROM stored)
