-- Crews at their home bases in the view.
WITH view AS (
    SELECT ST_MakeEnvelope(%(minlon)s, %(minlat)s, %(maxlon)s, %(maxlat)s, 4326) AS envelope
)
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
    json_build_object(
        'type', 'Feature', 'id', c.id,
        'geometry', ST_AsGeoJSON(c.home_base, %(digits)s)::json,
        'properties', json_build_object(
            'layer', 'crews', 'id', c.id, 'code', c.code, 'name', c.name,
            'size', c.size, 'status', c.status))
    ORDER BY c.id), '[]'::json))::text
FROM (SELECT c.* FROM crew c, view WHERE c.home_base && view.envelope
      ORDER BY c.id LIMIT %(limit)s) c
