-- Transformers in the view, with their latest load and loading (kVA at power factor 0.95).
WITH view AS (
    SELECT ST_MakeEnvelope(%(minlon)s, %(minlat)s, %(maxlon)s, %(maxlat)s, 4326) AS envelope
), units AS (
    SELECT t.id, t.code, t.feeder_id, t.capacity_kva, t.geom
    FROM transformer t, view
    WHERE t.geom && view.envelope
    ORDER BY t.id
    LIMIT %(limit)s
)
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
    json_build_object(
        'type', 'Feature', 'id', u.id,
        'geometry', ST_AsGeoJSON(u.geom, %(digits)s)::json,
        'properties', json_build_object(
            'layer', 'transformers', 'id', u.id, 'code', u.code, 'feeder', f.code,
            'substation', s.code, 'capacity_kva', u.capacity_kva,
            'load_kw', round(l.kw::numeric, 1),
            'loading_pct', round((l.kw / 0.95 / u.capacity_kva * 100)::numeric, 1),
            'reading_at', l.ts))
    ORDER BY u.id), '[]'::json))::text
FROM units u
JOIN feeder f ON f.id = u.feeder_id
JOIN substation s ON s.id = f.substation_id
LEFT JOIN transformer_latest_load l ON l.transformer_id = u.id
