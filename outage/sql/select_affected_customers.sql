-- Customers affected by an area (point within or on its border) or behind picked transformers.
SELECT c.id
FROM customer c
WHERE ST_Intersects(c.geom, ST_GeomFromEWKB(%(area)s))
UNION
SELECT c.id
FROM customer c
WHERE c.transformer_id = ANY(%(transformer_ids)s::integer[])
