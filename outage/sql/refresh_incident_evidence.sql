-- Recompute an incident's evidence and confidence from its reports: confidence rises with the
-- number of reports and of distinct transformers behind them (1 - 0.7^reports * 0.6^(devices
-- - 1), at most 0.99). %(absorbed)s adds to the incidents it absorbed.
WITH r AS (
    SELECT count(*) AS reports,
           array_agg(id ORDER BY id) AS report_ids,
           array_agg(DISTINCT transformer_id ORDER BY transformer_id) AS transformer_ids,
           array_agg(DISTINCT feeder_id ORDER BY feeder_id) AS feeder_ids,
           max(reported_at) AS last_at
    FROM fault_report
    WHERE incident_id = %(incident_id)s
)
UPDATE incident AS i
SET evidence = jsonb_build_object(
        'report_ids', coalesce(to_jsonb(r.report_ids), '[]'),
        'transformer_ids', coalesce(to_jsonb(r.transformer_ids), '[]'),
        'feeder_ids', coalesce(to_jsonb(r.feeder_ids), '[]'),
        'absorbed_incident_ids',
            coalesce(i.evidence -> 'absorbed_incident_ids', '[]') || to_jsonb(%(absorbed)s::bigint[]),
        'rule', i.rule),
    confidence = round(least(0.99, 1 - power(0.7, greatest(r.reports, 1))
                                  * power(0.6, greatest(coalesce(cardinality(r.transformer_ids), 1) - 1, 0)))::numeric, 3),
    last_report_at = greatest(i.last_report_at, coalesce(r.last_at, i.last_report_at)),
    updated_at = now()
FROM r
WHERE i.id = %(incident_id)s
RETURNING i.status, i.level, i.customers_affected, i.estimated_restoration_at, i.confidence
