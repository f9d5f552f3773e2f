-- bench/dr_publish.py, the 041 way: the participants from the staging table.
INSERT INTO dr_participant_041 (event_id, customer_id, transformer_id, token_hash, expected_kw)
SELECT %(event_id)s, customer_id, transformer_id,
       encode(sha256(convert_to(token, 'UTF8')), 'hex'), expected_kw
FROM dr_request_incoming
