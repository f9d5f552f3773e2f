-- Delivery per business event: the events given by name, or those starting with a prefix.
SELECT event_ref,
       count(*) FILTER (WHERE status = 'pending') AS pending,
       count(*) FILTER (WHERE status = 'delivering') AS delivering,
       count(*) FILTER (WHERE status = 'retrying') AS retrying,
       count(*) FILTER (WHERE status = 'sent') AS sent,
       count(*) FILTER (WHERE status = 'dead') AS dead,
       max(sent_at) AS last_sent_at
FROM notice
WHERE event_ref = ANY (%(event_refs)s::text[])
   OR (%(event_prefix)s::text IS NOT NULL AND event_ref LIKE %(event_prefix)s)
GROUP BY event_ref
ORDER BY event_ref
