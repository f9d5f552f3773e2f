SELECT coalesce(array_agg(code ORDER BY code), '{}')
FROM transformer WHERE id = ANY(%(ids)s::integer[])
