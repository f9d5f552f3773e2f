-- One notice per crew (unknown ids skipped) over its preferred channel, or the default.
INSERT INTO notice (kind, recipient_type, recipient_id, channel, language, payload, event_ref,
                    idempotency_key, max_attempts)
SELECT %(kind)s, 'crew', w.id,
       coalesce(wc.channel, %(default_channel)s),
       coalesce(wc.language, %(default_language)s),
       %(payload)s, %(event_ref)s,
       %(event_ref)s || '/' || %(kind)s || '/crew:' || w.id,
       %(max_attempts)s
FROM crew AS w
LEFT JOIN crew_contact AS wc ON wc.crew_id = w.id AND wc.preferred
WHERE w.id = ANY (%(crew_ids)s::integer[])
ON CONFLICT (idempotency_key) DO NOTHING
