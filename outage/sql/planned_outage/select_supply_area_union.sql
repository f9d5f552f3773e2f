-- The area of picked transformers: the union of their supply areas.
SELECT ST_AsEWKB(ST_Multi(ST_UnaryUnion(ST_Collect(geom))))
FROM supply_area
WHERE transformer_id = ANY(%(transformer_ids)s::integer[])
