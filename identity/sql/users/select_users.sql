-- Staff users with their roles (sorted), by name; one user when %(username)s is given (any
-- case). FOR UPDATE is not needed: every change is one statement on the user's row.
SELECT u.id, u.organisation_id, u.username, u.display_name, u.disabled_at, u.created_at,
       u.password_changed_at,
       coalesce(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}')
           AS roles
FROM staff_user AS u
LEFT JOIN staff_user_role AS r ON r.user_id = u.id
WHERE %(username)s::text IS NULL OR lower(u.username) = lower(%(username)s::text)
GROUP BY u.id
ORDER BY lower(u.username)
