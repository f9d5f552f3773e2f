-- bench/dr_publish.py, the 041 way: one dr_request per staged participant, into the outbox.
-- (As dr/sql/insert_request_notices.sql was before dr/sql/request/insert_requests.sql replaced it.)
INSERT INTO notice (kind, recipient_type, recipient_id, channel, language, payload, event_ref,
                    idempotency_key, max_attempts)
SELECT 'dr_request', 'customer', customer_id, channel, language,
       %(payload)s::jsonb || jsonb_build_object(
           'requested_kw', round(expected_kw::numeric, 1),
           'respond_url', %(base_url)s || '/public/dr/' || token),
       %(event_ref)s,
       %(event_ref)s || '/dr_request/customer:' || customer_id,
       %(max_attempts)s
FROM dr_request_incoming
ON CONFLICT (idempotency_key) DO NOTHING
