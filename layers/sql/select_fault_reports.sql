-- Fault reports in the view: those of open incidents, and any of the last day. No contact:
-- it is not in fault_report at all (fault_report_contact is read only by the notice worker).
WITH view AS (
    SELECT ST_MakeEnvelope(%(minlon)s, %(minlat)s, %(maxlon)s, %(maxlat)s, 4326) AS envelope
)
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
    json_build_object(
        'type', 'Feature', 'id', r.id,
        'geometry', ST_AsGeoJSON(r.geom, %(digits)s)::json,
        'properties', json_build_object(
            'layer', 'fault_reports', 'id', r.id, 'code', 'FR-' || r.id,
            'status', r.status, 'incident', r.incident_id, 'channel', r.channel,
            'reported_at', r.reported_at, 'location_method', r.location_method,
            'transformer', t.code, 'description', r.description))
    ORDER BY r.id), '[]'::json))::text
FROM (SELECT r.* FROM fault_report r, view
      WHERE r.geom && view.envelope
        AND (r.reported_at > now() - interval '1 day'
             OR r.incident_id IN (SELECT id FROM incident
                                  WHERE status IN ('suspected', 'confirmed', 'dispatched')))
      ORDER BY r.id DESC LIMIT %(limit)s) r
JOIN transformer t ON t.id = r.transformer_id
