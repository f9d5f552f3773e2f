-- Transformers in the view, coloured by their peak loading of the last 24 hours: the highest
-- hourly reading in the 24 hours up to the transformer's latest reading, in kVA at the grid's
-- power factor over the capacity (a single late-evening reading hides the day's peak).
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
            'peak_loading_pct',
                round((p.kw / %(power_factor)s / u.capacity_kva * 100)::numeric, 1),
            'peak_kw', round(p.kw::numeric, 1),
            'peak_at', p.ts,
            'load_kw', round(l.kw::numeric, 1),
            'reading_at', l.ts))
    ORDER BY u.id), '[]'::json))::text
FROM units u
JOIN feeder f ON f.id = u.feeder_id
JOIN substation s ON s.id = f.substation_id
LEFT JOIN transformer_latest_load l ON l.transformer_id = u.id
LEFT JOIN LATERAL (
    SELECT r.ts, r.kw FROM load_reading r
    WHERE r.transformer_id = u.id AND r.ts > l.ts - interval '24 hours' AND r.ts <= l.ts
    ORDER BY r.kw DESC, r.ts DESC
    LIMIT 1
) p ON true
