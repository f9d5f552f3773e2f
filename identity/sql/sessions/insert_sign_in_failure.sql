-- A failed sign-in (unknown name, wrong password or disabled user alike); rows older than the
-- throttles' window are of no more use and go in the same statement.
WITH expired AS (DELETE FROM sign_in_failure WHERE at < %(expired_before)s)
INSERT INTO sign_in_failure (at, username, client) VALUES (%(now)s, %(username)s, %(client)s)
