-- A new session at sign-in: its id is the SHA-256 of the cookie's value, never the value.
INSERT INTO staff_session (id, user_id, created_at, last_seen_at, expires_at, client, user_agent)
VALUES (%(id)s, %(user_id)s, %(now)s, %(now)s, %(expires_at)s, %(client)s,
        left(%(user_agent)s, 500))
