-- The session's staging table for bulk enqueue (COPY in, then one INSERT ... SELECT).
CREATE TEMP TABLE IF NOT EXISTS notice_incoming (
    kind             text NOT NULL,
    recipient_type   text NOT NULL,
    recipient_id     bigint NOT NULL,
    channel          text NOT NULL,
    language         text NOT NULL,
    payload          jsonb NOT NULL,
    event_ref        text NOT NULL,
    idempotency_key  text NOT NULL,
    max_attempts     integer NOT NULL
) ON COMMIT DELETE ROWS
