-- At street zoom: customers as points (no contact details ever leave through a layer).
WITH view AS (
    SELECT ST_MakeEnvelope(%(minlon)s, %(minlat)s, %(maxlon)s, %(maxlat)s, 4326) AS envelope
), points AS (
    SELECT c.id, c.account_no, c.transformer_id, c.customer_type, c.contracted_kw, c.geom
    FROM customer c, view
    WHERE c.geom && view.envelope
    ORDER BY c.id
    LIMIT %(limit)s
)
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
    json_build_object(
        'type', 'Feature', 'id', p.id,
        'geometry', ST_AsGeoJSON(p.geom, %(digits)s)::json,
        'properties', json_build_object(
            'layer', 'customers', 'aggregated', false, 'id', p.id,
            'account_no', p.account_no, 'customer_type', p.customer_type,
            'contracted_kw', p.contracted_kw, 'transformer', t.code))
    ORDER BY p.id), '[]'::json))::text
FROM points p
JOIN transformer t ON t.id = p.transformer_id
