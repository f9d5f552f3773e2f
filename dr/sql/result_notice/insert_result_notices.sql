-- One dr_result notice per measured participant, with its own figures.
INSERT INTO notice (kind, recipient_type, recipient_id, channel, language, payload, event_ref,
                    idempotency_key, max_attempts)
SELECT 'dr_result', 'customer', p.customer_id,
       coalesce(cc.channel, %(default_channel)s),
       coalesce(cc.language, %(default_language)s),
       jsonb_build_object('dr_event_id', e.id, 'starts_at', e.starts_at,
                          'reduction_kwh', round(p.reduction_kwh::numeric, 1),
                          'baseline_kwh', round(p.baseline_kwh::numeric, 1),
                          'incentive', p.incentive),
       %(event_ref)s,
       %(event_ref)s || '/dr_result/customer:' || p.customer_id,
       %(max_attempts)s
FROM dr_participant AS p
JOIN dr_event AS e ON e.id = p.event_id
LEFT JOIN customer_contact AS cc ON cc.customer_id = p.customer_id AND cc.preferred
WHERE p.event_id = %(event_id)s AND p.reduction_kwh IS NOT NULL
ON CONFLICT (idempotency_key) DO NOTHING
