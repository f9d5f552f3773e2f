-- Notices per kind and status, within the console's filter (each filter NULL: all).
SELECT kind, status, count(*) AS notices
FROM notice
WHERE (%(kinds)s::text[] IS NULL OR kind = ANY (%(kinds)s::text[]))
  AND (%(statuses)s::text[] IS NULL OR status = ANY (%(statuses)s::text[]))
  AND (%(created_from)s::timestamptz IS NULL OR created_at >= %(created_from)s)
  AND (%(created_to)s::timestamptz IS NULL OR created_at < %(created_to)s)
  AND (%(event_prefix)s::text IS NULL OR event_ref LIKE %(event_prefix)s)
GROUP BY kind, status
