INSERT INTO {table} ({owner}, channel, address, language, preferred)
VALUES (%(owner_id)s, %(channel)s, %(address)s, %(language)s, %(preferred)s)
ON CONFLICT ({owner}, channel) DO UPDATE
SET address = excluded.address, language = excluded.language,
    preferred = excluded.preferred, updated_at = now()
