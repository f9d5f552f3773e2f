-- Which channels an owner can be reached on (no addresses: those never leave the database
-- except to the worker).
SELECT channel, language, preferred FROM {table} WHERE {owner} = %(owner_id)s ORDER BY channel
