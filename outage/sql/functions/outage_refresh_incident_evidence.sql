-- Count an incident's reports and the distinct transformers behind them again, from the rows,
-- and its confidence (outage_confidence) with them; absorbed_ids adds to the incidents it
-- absorbed. Done when an incident opens or absorbs others, and for one not yet counted
-- (report_count null). Returns the row.
CREATE OR REPLACE FUNCTION outage_refresh_incident_evidence(
    incident_id bigint, absorbed_ids bigint[]
) RETURNS incident LANGUAGE plpgsql AS $$
DECLARE
    refreshed incident;
BEGIN
    WITH r AS (
        SELECT count(*) AS reports,
               count(DISTINCT f.transformer_id) AS transformers,
               max(f.reported_at) AS last_at
        FROM fault_report AS f
        WHERE f.incident_id = outage_refresh_incident_evidence.incident_id
    )
    UPDATE incident AS i
    SET evidence = jsonb_build_object(
            'absorbed_incident_ids',
                coalesce(i.evidence -> 'absorbed_incident_ids', '[]') || to_jsonb(absorbed_ids),
            'rule', i.rule),
        report_count = r.reports,
        transformer_count = r.transformers,
        confidence = outage_confidence(r.reports, greatest(r.transformers, 1)),
        last_report_at = greatest(i.last_report_at, coalesce(r.last_at, i.last_report_at)),
        updated_at = now()
    FROM r
    WHERE i.id = outage_refresh_incident_evidence.incident_id
    RETURNING i.* INTO refreshed;
    RETURN refreshed;
END $$;
