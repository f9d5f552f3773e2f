-- The event's participants from the staging table; only the sha256 of each token is kept.
INSERT INTO dr_participant (event_id, customer_id, transformer_id, token_hash, expected_kw)
SELECT %(event_id)s, customer_id, transformer_id,
       encode(sha256(convert_to(token, 'UTF8')), 'hex'), expected_kw
FROM dr_request_incoming
