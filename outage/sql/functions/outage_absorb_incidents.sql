-- Escalation: incident into_id absorbs the open, not yet dispatched incidents below it
-- (levels of the substation, on the feeder when given); their reports move to it, each gets
-- an 'absorbed' event, and so does into_id when it absorbed any. An absorbed incident keeps the
-- evidence it had (outage_incident_evidence, written into it before its reports move).
-- Dispatched incidents keep their crew and their reports. Returns the ids absorbed, in order.
CREATE OR REPLACE FUNCTION outage_absorb_incidents(
    into_id bigint, substation_id integer, feeder_id integer, levels text[], at timestamptz
) RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE
    absorbed_ids bigint[];
BEGIN
    WITH absorbed AS (
        UPDATE incident AS i
        SET absorbed_into = into_id, evidence = outage_incident_evidence(i.id),
            updated_at = now()
        WHERE i.id <> into_id
          AND i.absorbed_into IS NULL
          AND i.status IN ('suspected', 'confirmed')
          AND i.substation_id = outage_absorb_incidents.substation_id
          AND i.level = ANY (levels)
          AND (outage_absorb_incidents.feeder_id IS NULL
               OR i.feeder_id = outage_absorb_incidents.feeder_id)
        RETURNING i.id
    ),
    moved AS (
        UPDATE fault_report AS r
        SET incident_id = into_id
        WHERE r.incident_id IN (SELECT a.id FROM absorbed AS a)
    ),
    events AS (
        INSERT INTO incident_event (incident_id, kind, detail, detail_facts, at)
        SELECT a.id, 'absorbed', 'absorbed into incident ' || into_id::text,
               jsonb_build_object('key', 'absorbed_into', 'incident', into_id), at
        FROM absorbed AS a
        ORDER BY a.id
    )
    SELECT coalesce(array_agg(a.id ORDER BY a.id), '{}') INTO absorbed_ids FROM absorbed AS a;
    IF cardinality(absorbed_ids) > 0 THEN
        INSERT INTO incident_event (incident_id, kind, detail, detail_facts, at)
        VALUES (into_id, 'absorbed',
                left('absorbed incidents ' || array_to_string(absorbed_ids, ', '), 2000),
                jsonb_build_object('key', 'absorbed', 'incidents',
                                   left(array_to_string(absorbed_ids, ', '), 1900)),
                at);
    END IF;
    RETURN absorbed_ids;
END $$;
