-- What an area touches: customers by type, transformers, feeders, a sample of customers and
-- the union of the affected supply areas (GeoJSON).
WITH affected AS MATERIALIZED (
    SELECT c.id, c.account_no, c.customer_type, c.transformer_id
    FROM customer c
    WHERE ST_Intersects(c.geom, ST_GeomFromEWKB(%(area)s))
       OR c.transformer_id = ANY(%(transformer_ids)s::integer[])
), units AS MATERIALIZED (
    SELECT DISTINCT transformer_id AS id FROM affected
    UNION
    SELECT t.id FROM transformer t
    WHERE ST_Intersects(t.geom, ST_GeomFromEWKB(%(area)s))
       OR t.id = ANY(%(transformer_ids)s::integer[])
)
SELECT
    (SELECT count(*) FROM affected) AS customers,
    (SELECT coalesce(json_object_agg(customer_type, n), '{}'::json)
       FROM (SELECT customer_type, count(*) AS n FROM affected GROUP BY customer_type) k)
       AS by_type,
    (SELECT coalesce(array_agg(t.code ORDER BY t.code), '{}') FROM units u
       JOIN transformer t ON t.id = u.id) AS transformers,
    (SELECT coalesce(array_agg(DISTINCT f.code ORDER BY f.code), '{}') FROM units u
       JOIN transformer t ON t.id = u.id JOIN feeder f ON f.id = t.feeder_id) AS feeders,
    (SELECT coalesce(json_agg(s ORDER BY s.id), '[]'::json) FROM (
        SELECT a.id, a.account_no, a.customer_type, t.code AS transformer_code
        FROM affected a JOIN transformer t ON t.id = a.transformer_id
        ORDER BY a.id LIMIT %(sample)s) s) AS sample,
    (SELECT ST_AsGeoJSON(ST_UnaryUnion(ST_Collect(sa.geom)), 6)::json
       FROM units u JOIN supply_area sa ON sa.transformer_id = u.id) AS area_union
