-- 10 kV feeders in the view, with their substation, transformer count and length.
WITH view AS (
    SELECT ST_MakeEnvelope(%(minlon)s, %(minlat)s, %(maxlon)s, %(maxlat)s, 4326) AS envelope
), lines AS (
    SELECT f.id, f.code, f.substation_id, f.voltage_kv, f.geom
    FROM feeder f, view
    WHERE ST_Intersects(f.geom, view.envelope)
    ORDER BY f.id
    LIMIT %(limit)s
)
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
    json_build_object(
        'type', 'Feature', 'id', l.id,
        'geometry', ST_AsGeoJSON(l.geom, %(digits)s)::json,
        'properties', json_build_object(
            'layer', 'feeders', 'id', l.id, 'code', l.code, 'substation', s.code,
            'voltage_kv', l.voltage_kv, 'transformers', n.transformers,
            'length_km', round((ST_Length(l.geom::geography) / 1000)::numeric, 2)))
    ORDER BY l.id), '[]'::json))::text
FROM lines l
JOIN substation s ON s.id = l.substation_id
LEFT JOIN LATERAL (
    SELECT count(*) AS transformers FROM transformer WHERE transformer.feeder_id = l.id
) n ON true
