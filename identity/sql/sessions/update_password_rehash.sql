-- The same password hashed again with today's parameters (after a sign-in proved it); not a
-- change of password, so password_changed_at and the sessions stay.
UPDATE staff_user SET password_hash = %(password_hash)s WHERE id = %(user_id)s
