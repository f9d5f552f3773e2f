-- The account a sign-in names (any case), with its hash, state and roles.
SELECT u.id, u.organisation_id, u.username, u.password_hash, u.disabled_at,
       coalesce(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}')
           AS roles
FROM staff_user AS u
LEFT JOIN staff_user_role AS r ON r.user_id = u.id
WHERE lower(u.username) = lower(%(username)s)
GROUP BY u.id
