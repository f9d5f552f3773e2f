-- The session's staging table of one publication: each participant with its fresh token (the
-- token itself never leaves this transaction except inside its own notice).
DROP TABLE IF EXISTS pg_temp.dr_request_incoming;
CREATE TEMP TABLE dr_request_incoming (
    customer_id     bigint NOT NULL,
    transformer_id  integer NOT NULL,
    token           text NOT NULL,
    expected_kw     real NOT NULL,
    channel         text NOT NULL,
    language        text NOT NULL
)
