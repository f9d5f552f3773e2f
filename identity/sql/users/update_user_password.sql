-- A user's new password (its argon2id hash); the user's id, or no row when there is none.
UPDATE staff_user
SET password_hash = %(password_hash)s, password_changed_at = %(now)s
WHERE lower(username) = lower(%(username)s)
RETURNING id
