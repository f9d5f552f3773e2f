DELETE FROM {table} WHERE {owner} = %(owner_id)s AND channel = %(channel)s
