-- One notice per fault report (unknown ids skipped) over the channel its contact was filed
-- under, in the reporter's language. The key matches notify.models.idempotency_key.
INSERT INTO notice (kind, recipient_type, recipient_id, channel, language, payload, event_ref,
                    idempotency_key, max_attempts)
SELECT %(kind)s, 'reporter', r.fault_report_id, r.channel, r.language,
       %(payload)s, %(event_ref)s,
       %(event_ref)s || '/' || %(kind)s || '/reporter:' || r.fault_report_id,
       %(max_attempts)s
FROM fault_report_contact AS r
WHERE r.fault_report_id = ANY (%(report_ids)s::bigint[])
ON CONFLICT (idempotency_key) DO NOTHING
