-- After with_target_customers.sql: publish the requests in one statement: a participant and a
-- dr_request notice for each enrolled customer in the target, with the requested kW (the rest
-- of the facts shared). The answer link's token is made from the server's link key when the
-- notice is sent (notify/link_token.py): neither row holds it. `request` is read twice, so it
-- is materialized once.
-- The key matches notify.models.idempotency_key. Answers how many notices were written.
, request AS MATERIALIZED (
    SELECT t.customer_id, t.transformer_id, t.expected_kw,
           coalesce(cc.channel, %(default_channel)s) AS channel,
           coalesce(cc.language, %(default_language)s) AS language
    FROM target AS t
    LEFT JOIN customer_contact AS cc ON cc.customer_id = t.customer_id AND cc.preferred
),
participant AS (
    INSERT INTO dr_participant (event_id, customer_id, transformer_id, token_hash, expected_kw)
    SELECT %(event_id)s, customer_id, transformer_id, NULL, expected_kw
    FROM request
)
INSERT INTO notice (kind, recipient_type, recipient_id, channel, language, payload, event_ref,
                    idempotency_key, max_attempts)
SELECT 'dr_request', 'customer', customer_id, channel, language,
       %(payload)s::jsonb || jsonb_build_object('requested_kw', round(expected_kw::numeric, 1)),
       %(event_ref)s,
       %(event_ref)s || '/dr_request/customer:' || customer_id,
       %(max_attempts)s
FROM request
ON CONFLICT (idempotency_key) DO NOTHING
