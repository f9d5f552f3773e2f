-- Disable a user (kept disabled since the first time) or enable one (%(now)s NULL); the user's
-- id, or no row when there is no such user.
UPDATE staff_user
SET disabled_at = CASE WHEN %(now)s::timestamptz IS NULL THEN NULL
                       ELSE coalesce(disabled_at, %(now)s::timestamptz) END
WHERE lower(username) = lower(%(username)s)
RETURNING id
