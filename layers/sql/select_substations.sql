-- Substations in the view, with their feeder count.
WITH view AS (
    SELECT ST_MakeEnvelope(%(minlon)s, %(minlat)s, %(maxlon)s, %(maxlat)s, 4326) AS envelope
)
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
    json_build_object(
        'type', 'Feature', 'id', s.id,
        'geometry', ST_AsGeoJSON(s.geom, %(digits)s)::json,
        'properties', json_build_object(
            'layer', 'substations', 'id', s.id, 'code', s.code, 'name', s.name,
            'voltage_kv', s.voltage_kv, 'capacity_mva', s.capacity_mva,
            'feeders', (SELECT count(*) FROM feeder f WHERE f.substation_id = s.id)))
    ORDER BY s.id), '[]'::json))::text
FROM (SELECT s.* FROM substation s, view WHERE s.geom && view.envelope
      ORDER BY s.id LIMIT %(limit)s) s
