-- Which of the demo's staff users exist already (gridops demo prepare adds the others): their
-- names as stored, of those in %(usernames)s (any case).
SELECT u.username
FROM staff_user AS u
WHERE lower(u.username) = ANY (%(usernames)s::text[])
ORDER BY lower(u.username)
