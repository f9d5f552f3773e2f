-- The checked readings of one import (row = its row in the file), before the upsert.
CREATE TEMPORARY TABLE load_reading_staging (
    row             integer NOT NULL,
    transformer_id  integer NOT NULL,
    ts              timestamptz NOT NULL,
    kw              real NOT NULL
) ON COMMIT DROP
