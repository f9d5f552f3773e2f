-- The checked transformers of one import (row = its row in the file), before the upsert.
CREATE TEMPORARY TABLE transformer_staging (
    row           integer NOT NULL,
    id            integer NOT NULL,
    lon           double precision NOT NULL,
    lat           double precision NOT NULL,
    capacity_kva  numeric(8, 1) NOT NULL,
    feeder_id     integer NOT NULL,
    code          text
) ON COMMIT DROP
