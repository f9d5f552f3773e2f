-- The grid as a backdrop for the public and crew maps, which may have no basemap (offline, or
-- tiles blocked): the territory, feeders, substations and transformers in the view, simplified
-- to the map's scale. Only where the grid is and what kind it is: no customer, no loading.
WITH view AS (
    SELECT ST_MakeEnvelope(%(minlon)s, %(minlat)s, %(maxlon)s, %(maxlat)s, 4326) AS envelope
), parts AS (
    SELECT 1 AS stack, 'territory' AS kind, ST_Intersection(t.geom, v.envelope) AS geom, t.id
    FROM territory t, view v WHERE ST_Intersects(t.geom, v.envelope)
    UNION ALL
    SELECT 2, 'feeder', ST_Intersection(f.geom, v.envelope), f.id
    FROM feeder f, view v WHERE ST_Intersects(f.geom, v.envelope)
    UNION ALL
    SELECT 3, 'substation', s.geom, s.id
    FROM substation s, view v WHERE s.geom && v.envelope
    UNION ALL
    SELECT 4, 'transformer', x.geom, x.id
    FROM transformer x, view v WHERE %(transformers)s AND x.geom && v.envelope
)
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
    json_build_object(
        'type', 'Feature',
        'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(p.geom, %(tolerance)s),
                                 %(digits)s)::json,
        'properties', json_build_object('kind', p.kind))
    ORDER BY p.stack, p.id), '[]'::json))::text
FROM parts p
WHERE NOT ST_IsEmpty(p.geom)
