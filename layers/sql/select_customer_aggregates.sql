-- Below street zoom: one point per supply area in the view with its customer counts.
WITH view AS (
    SELECT ST_MakeEnvelope(%(minlon)s, %(minlat)s, %(maxlon)s, %(maxlat)s, 4326) AS envelope
), areas AS (
    SELECT sa.transformer_id, ST_PointOnSurface(sa.geom) AS geom
    FROM supply_area sa, view
    WHERE ST_Intersects(sa.geom, view.envelope)
    ORDER BY sa.id
    LIMIT %(limit)s
), counted AS (
    SELECT a.transformer_id, a.geom, c.*
    FROM areas a
    JOIN LATERAL (
        SELECT count(*) AS customers,
               count(*) FILTER (WHERE customer_type = 'residential') AS residential,
               count(*) FILTER (WHERE customer_type = 'commercial') AS commercial,
               count(*) FILTER (WHERE customer_type = 'industrial') AS industrial,
               round(sum(contracted_kw), 1) AS contracted_kw
        FROM customer WHERE customer.transformer_id = a.transformer_id
    ) c ON c.customers > 0
)
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
    json_build_object(
        'type', 'Feature', 'id', c.transformer_id,
        'geometry', ST_AsGeoJSON(c.geom, %(digits)s)::json,
        'properties', json_build_object(
            'layer', 'customers', 'aggregated', true, 'transformer', t.code,
            'customers', c.customers, 'residential', c.residential,
            'commercial', c.commercial, 'industrial', c.industrial,
            'contracted_kw', c.contracted_kw))
    ORDER BY c.transformer_id), '[]'::json))::text
FROM counted c
JOIN transformer t ON t.id = c.transformer_id
