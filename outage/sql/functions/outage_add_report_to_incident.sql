-- A report (report_id, behind transformer_id of feeder_id; already stored in the incident)
-- joins an open incident: its counts grow by the report and, when no other report of the
-- incident comes from that transformer (one probe of fault_report_incident_transformer_idx),
-- by the transformer; the confidence, last_report_at and updated_at follow, by the rules of
-- outage_refresh_incident_evidence. The cost does not grow with the incident: in a storm one
-- feeder incident gathers tens of thousands of reports, under the substation's lock. An
-- incident not yet counted (report_count null) is refreshed in full. Returns the row.
CREATE OR REPLACE FUNCTION outage_add_report_to_incident(
    incident_id bigint, report_id bigint, transformer_id integer, feeder_id integer,
    reported_at timestamptz
) RETURNS incident LANGUAGE plpgsql AS $$
DECLARE
    joined incident;
    new_transformer integer;
BEGIN
    SELECT CASE WHEN EXISTS (
               SELECT FROM fault_report AS r
               WHERE r.incident_id = outage_add_report_to_incident.incident_id
                 AND r.transformer_id = outage_add_report_to_incident.transformer_id
                 AND r.id <> report_id) THEN 0 ELSE 1 END
    INTO new_transformer;
    UPDATE incident AS i
    SET report_count = i.report_count + 1,
        transformer_count = i.transformer_count + new_transformer,
        confidence = outage_confidence(i.report_count + 1, i.transformer_count + new_transformer),
        last_report_at = greatest(i.last_report_at, outage_add_report_to_incident.reported_at),
        updated_at = now()
    WHERE i.id = outage_add_report_to_incident.incident_id
      AND i.report_count IS NOT NULL AND i.transformer_count IS NOT NULL
    RETURNING i.* INTO joined;
    IF NOT FOUND THEN
        RETURN outage_refresh_incident_evidence(incident_id, '{}');
    END IF;
    RETURN joined;
END $$;
