-- Planned outages (one when %(id)s is given), newest first, with their affected count.
SELECT o.id, o.title, o.reason, o.starts_at, o.ends_at, o.status,
       ST_AsGeoJSON(o.geom, 6)::json AS geometry, o.transformer_ids, o.revision, o.repair,
       cardinality(o.customer_ids) AS customers_affected,
       o.created_at, o.updated_at, o.published_at
FROM planned_outage o
WHERE (%(id)s::integer IS NULL OR o.id = %(id)s)
  AND (%(status)s::text IS NULL OR o.status = %(status)s)
ORDER BY o.starts_at DESC, o.id DESC
LIMIT %(limit)s
