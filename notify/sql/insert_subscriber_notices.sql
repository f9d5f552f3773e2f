-- One notice per active external system subscribed to the kind (an empty list: every kind).
INSERT INTO notice (kind, recipient_type, recipient_id, channel, language, payload, event_ref,
                    idempotency_key, max_attempts)
SELECT %(kind)s, 'external', e.id, e.channel, e.language, %(payload)s, %(event_ref)s,
       %(event_ref)s || '/' || %(kind)s || '/external:' || e.id,
       %(max_attempts)s
FROM external_endpoint AS e
WHERE e.active AND (e.kinds = '{}' OR %(kind)s = ANY (e.kinds))
ON CONFLICT (idempotency_key) DO NOTHING
