-- An incident's evidence as the dispatcher reads it: the reports (their ids, sorted), the
-- distinct transformers and feeders behind them, the incidents it absorbed and its rule.
-- The lists are read from the reports' rows (fault_report.incident_id), not kept in the
-- incident: a report joining an incident no longer rewrites a list that grows with it. Stored
-- as they were: the evidence of an incident absorbed into another (its reports moved away, so
-- its lists were written into it when it was absorbed) and of an incident the inference did not
-- count (report_count null: made elsewhere, or before migration 052, until its next report).
CREATE OR REPLACE FUNCTION outage_incident_evidence(incident_id bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN i.report_count IS NULL OR i.absorbed_into IS NOT NULL THEN i.evidence
        ELSE jsonb_build_object(
            'report_ids', coalesce(
                (SELECT jsonb_agg(r.id ORDER BY r.id)
                 FROM fault_report AS r WHERE r.incident_id = i.id), '[]'),
            'transformer_ids', coalesce(
                (SELECT jsonb_agg(DISTINCT r.transformer_id ORDER BY r.transformer_id)
                 FROM fault_report AS r WHERE r.incident_id = i.id), '[]'),
            'feeder_ids', coalesce(
                (SELECT jsonb_agg(DISTINCT r.feeder_id ORDER BY r.feeder_id)
                 FROM fault_report AS r WHERE r.incident_id = i.id), '[]'),
            'absorbed_incident_ids', coalesce(i.evidence -> 'absorbed_incident_ids', '[]'),
            'rule', i.rule)
    END
    FROM incident AS i
    WHERE i.id = outage_incident_evidence.incident_id
$$;
