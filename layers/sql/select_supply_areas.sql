-- Supply areas in the view, with their transformer and customer count.
WITH view AS (
    SELECT ST_MakeEnvelope(%(minlon)s, %(minlat)s, %(maxlon)s, %(maxlat)s, 4326) AS envelope
), areas AS (
    SELECT sa.id, sa.transformer_id, sa.geom
    FROM supply_area sa, view
    WHERE ST_Intersects(sa.geom, view.envelope)
    ORDER BY sa.id
    LIMIT %(limit)s
)
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
    json_build_object(
        'type', 'Feature', 'id', a.id,
        'geometry', ST_AsGeoJSON(a.geom, %(digits)s)::json,
        'properties', json_build_object(
            'layer', 'supply_areas', 'id', a.id, 'transformer', t.code,
            'capacity_kva', t.capacity_kva, 'customers', coalesce(c.n, 0),
            'area_km2', round((ST_Area(a.geom::geography) / 1e6)::numeric, 3)))
    ORDER BY a.id), '[]'::json))::text
FROM areas a
JOIN transformer t ON t.id = a.transformer_id
LEFT JOIN LATERAL (
    SELECT count(*) AS n FROM customer WHERE customer.transformer_id = a.transformer_id
) c ON true
