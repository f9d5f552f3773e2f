-- A session in use: the idle timeout counts from now (written at most once a minute).
UPDATE staff_session SET last_seen_at = %(now)s WHERE id = %(id)s
