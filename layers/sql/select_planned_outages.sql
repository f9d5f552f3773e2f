-- Planned outages in the view that are not over (drafts included, for the operator).
WITH view AS (
    SELECT ST_MakeEnvelope(%(minlon)s, %(minlat)s, %(maxlon)s, %(maxlat)s, 4326) AS envelope
)
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
    json_build_object(
        'type', 'Feature', 'id', o.id,
        'geometry', ST_AsGeoJSON(o.geom, %(digits)s)::json,
        'properties', json_build_object(
            'layer', 'planned_outages', 'id', o.id, 'code', 'PO-' || o.id, 'title', o.title,
            'status', o.status, 'starts_at', o.starts_at, 'ends_at', o.ends_at,
            'customers', cardinality(o.customer_ids)))
    ORDER BY o.id), '[]'::json))::text
FROM (SELECT o.* FROM planned_outage o, view
      WHERE ST_Intersects(o.geom, view.envelope) AND o.status NOT IN ('completed', 'cancelled')
      ORDER BY o.id LIMIT %(limit)s) o
