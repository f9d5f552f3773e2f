-- Audit rows for the CSV export, oldest first: since <= at < until (no upper bound when null).
SELECT id, at, actor, actor_kind, role, permission, action, object_type, object_id, summary,
       client, request_id
FROM audit_event
WHERE at >= %(since)s AND (%(until)s::timestamptz IS NULL OR at < %(until)s)
ORDER BY id
