-- The checked temperatures of one import (row = its row in the file), before the upsert.
CREATE TEMPORARY TABLE weather_staging (
    row            integer NOT NULL,
    ts             timestamptz NOT NULL,
    temperature_c  real NOT NULL
) ON COMMIT DROP
