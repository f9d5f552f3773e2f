-- One dr_cancelled notice per participant of a called-off event, over the customer's preferred
-- channel and in its language (or the defaults), with the event's window; the key matches
-- notify.models.idempotency_key, so cancelling cannot notify anyone twice.
INSERT INTO notice (kind, recipient_type, recipient_id, channel, language, payload, event_ref,
                    idempotency_key, max_attempts)
SELECT 'dr_cancelled', 'customer', p.customer_id,
       coalesce(cc.channel, %(default_channel)s),
       coalesce(cc.language, %(default_language)s),
       jsonb_build_object('dr_event_id', e.id, 'title', e.title,
                          'starts_at', e.starts_at, 'ends_at', e.ends_at,
                          'map_path', '/dr?event=' || e.id),
       %(event_ref)s,
       %(event_ref)s || '/dr_cancelled/customer:' || p.customer_id,
       %(max_attempts)s
FROM dr_participant AS p
JOIN dr_event AS e ON e.id = p.event_id
LEFT JOIN customer_contact AS cc ON cc.customer_id = p.customer_id AND cc.preferred
WHERE p.event_id = %(event_id)s
ON CONFLICT (idempotency_key) DO NOTHING
