-- A new staff user of an organisation; the name is free whatever its case (the unique index on
-- lower(username) refuses "Ops" when "ops" exists: the caller reports it as taken).
INSERT INTO staff_user (organisation_id, username, display_name, password_hash, created_at,
                        password_changed_at)
VALUES (%(organisation_id)s, %(username)s, %(display_name)s, %(password_hash)s, %(now)s, %(now)s)
ON CONFLICT DO NOTHING
RETURNING id
