-- Before another channel becomes preferred: the owner keeps one preferred channel at most.
UPDATE {table} SET preferred = false, updated_at = now()
WHERE {owner} = %(owner_id)s AND channel <> %(channel)s AND preferred
