-- The live session of a cookie (by the hash of its value) and its user with their roles: not
-- revoked, within its absolute and idle timeouts, its user not disabled.
SELECT s.last_seen_at, u.id, u.organisation_id, u.username,
       coalesce(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}')
           AS roles
FROM staff_session AS s
JOIN staff_user AS u ON u.id = s.user_id
LEFT JOIN staff_user_role AS r ON r.user_id = u.id
WHERE s.id = %(id)s
  AND s.revoked_at IS NULL
  AND s.expires_at > %(now)s
  AND s.last_seen_at > %(idle_since)s
  AND u.disabled_at IS NULL
GROUP BY s.id, u.id
