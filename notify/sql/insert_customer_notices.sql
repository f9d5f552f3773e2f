-- One notice per customer (unknown ids skipped) over the customer's preferred channel and in
-- its language, or the defaults. The key matches notify.models.idempotency_key.
INSERT INTO notice (kind, recipient_type, recipient_id, channel, language, payload, event_ref,
                    idempotency_key, max_attempts)
SELECT %(kind)s, 'customer', c.id,
       coalesce(cc.channel, %(default_channel)s),
       coalesce(cc.language, %(default_language)s),
       %(payload)s, %(event_ref)s,
       %(event_ref)s || '/' || %(kind)s || '/customer:' || c.id,
       %(max_attempts)s
FROM customer AS c
LEFT JOIN customer_contact AS cc ON cc.customer_id = c.id AND cc.preferred
WHERE c.id = ANY (%(customer_ids)s::bigint[])
ON CONFLICT (idempotency_key) DO NOTHING
