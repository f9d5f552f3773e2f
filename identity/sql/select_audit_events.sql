-- Audit rows, newest first, by the filters given (a null filter keeps every row): actor, action,
-- object type and id exactly; since <= at < until; before_id pages on (rows older than the last
-- one shown, keyset by id).
SELECT id, at, actor, actor_kind, role, permission, action, object_type, object_id, summary,
       client, request_id
FROM audit_event
WHERE (%(actor)s::text IS NULL OR actor = %(actor)s)
  AND (%(action)s::text IS NULL OR action = %(action)s)
  AND (%(object_type)s::text IS NULL OR object_type = %(object_type)s)
  AND (%(object_id)s::text IS NULL OR object_id = %(object_id)s)
  AND (%(since)s::timestamptz IS NULL OR at >= %(since)s)
  AND (%(until)s::timestamptz IS NULL OR at < %(until)s)
  AND (%(before_id)s::bigint IS NULL OR id < %(before_id)s)
ORDER BY id DESC
LIMIT %(limit)s
