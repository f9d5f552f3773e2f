-- Transformers in the view coloured by forecast loading: the highest median daily peak of the
-- latest finished forecast run within the horizon (days after its data cut-off), over the
-- transformer's capacity. Insufficient data: loading null (drawn grey), with the reason.
WITH view AS (
    SELECT ST_MakeEnvelope(%(minlon)s, %(minlat)s, %(maxlon)s, %(maxlat)s, 4326) AS envelope
), run AS (
    SELECT id, data_cutoff FROM forecast_run
    WHERE kind = 'forecast' AND status = 'done'
    ORDER BY finished_at DESC LIMIT 1
), units AS (
    SELECT t.* FROM transformer t, view
    WHERE t.geom && view.envelope
    ORDER BY t.id LIMIT %(limit)s
), peaks AS (
    SELECT p.transformer_id, max(p.kw_p50) AS kw, max(p.kw_p90) AS kw_high
    FROM forecast_daily_peak p, run
    WHERE p.run_id = run.id
      AND p.transformer_id IN (SELECT id FROM units)
      AND p.day <= (run.data_cutoff AT TIME ZONE %(timezone)s)::date + %(horizon_days)s
    GROUP BY p.transformer_id
)
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
    json_build_object(
        'type', 'Feature', 'id', u.id,
        'geometry', ST_AsGeoJSON(u.geom, %(digits)s)::json,
        'properties', json_build_object(
            'layer', 'forecast_risk', 'id', u.id, 'code', u.code,
            'capacity_kva', u.capacity_kva, 'run', run.id,
            'horizon_days', %(horizon_days)s,
            'loading_pct', round((p.kw / %(power_factor)s / u.capacity_kva * 100)::numeric, 1),
            'loading_p90_pct',
                round((p.kw_high / %(power_factor)s / u.capacity_kva * 100)::numeric, 1),
            'status', coalesce(tf.status, 'not_forecast'), 'reason', tf.reason))
    ORDER BY u.id), '[]'::json))::text
FROM units u
CROSS JOIN run
LEFT JOIN peaks p ON p.transformer_id = u.id
LEFT JOIN transformer_forecast tf ON tf.run_id = run.id AND tf.transformer_id = u.id
