-- Sign out: one session (by the hash of its cookie's value), or every live session of a user
-- ("sign out everywhere"); how many were live.
UPDATE staff_session SET revoked_at = %(now)s
WHERE revoked_at IS NULL
  AND (id = %(id)s::bytea OR user_id = %(user_id)s::integer)
