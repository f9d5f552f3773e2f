INSERT INTO planned_outage (title, reason, starts_at, ends_at, geom, transformer_ids, repair)
VALUES (%(title)s, %(reason)s, %(starts_at)s, %(ends_at)s, ST_GeomFromEWKB(%(area)s),
        %(transformer_ids)s::integer[], %(repair)s)
RETURNING id
