-- bench/dr_publish.py, the 041 way: dr_participant as migration 040 made it (three foreign keys,
-- UNIQUE token_hash), under another name, and the staging table of one publication. Created in
-- the bench's transaction, which is rolled back.
CREATE TABLE dr_participant_041 (
    event_id        integer NOT NULL REFERENCES dr_event (id) ON DELETE CASCADE,
    customer_id     bigint NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    transformer_id  integer NOT NULL REFERENCES transformer (id) ON DELETE CASCADE,
    token_hash      text NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    expected_kw     real NOT NULL DEFAULT 0 CHECK (expected_kw >= 0),
    response        text CHECK (response IN ('opt_in', 'opt_out')),
    responded_at    timestamptz,
    baseline_kwh    real,
    actual_kwh      real,
    reduction_kwh   real,
    incentive       numeric(12, 2),
    PRIMARY KEY (event_id, customer_id),
    CHECK ((response IS NULL) = (responded_at IS NULL))
);
CREATE INDEX ON dr_participant_041 (event_id, transformer_id);
CREATE TEMP TABLE dr_request_incoming (
    customer_id     bigint NOT NULL,
    transformer_id  integer NOT NULL,
    token           text NOT NULL,
    expected_kw     real NOT NULL,
    channel         text NOT NULL,
    language        text NOT NULL
)
