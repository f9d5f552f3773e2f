INSERT INTO external_endpoint (name, channel, address, language, kinds)
VALUES (%(name)s, %(channel)s, %(address)s, %(language)s, %(kinds)s)
ON CONFLICT (name) DO UPDATE
SET channel = excluded.channel, address = excluded.address, language = excluded.language,
    kinds = excluded.kinds, active = true
RETURNING id
