-- A user's roles become exactly the ones given (an array of role names; staff_role checks
-- each one).
WITH dropped AS (
    DELETE FROM staff_user_role WHERE user_id = %(user_id)s AND role <> ALL(%(roles)s::text[])
)
INSERT INTO staff_user_role (user_id, role)
SELECT %(user_id)s, role FROM unnest(%(roles)s::text[]) AS role
ON CONFLICT DO NOTHING
