-- Fault intake in one statement (first in migration 050; re-applied by `gridops db upgrade`,
-- the type outage_inference it answers stays in that migration): outage_infer stores a
-- located fault report and infers its incident, by the rules of outage/incident.py (its module docstring), in one call from
-- outage.incident.infer. The same work took about twelve statements from Python, and psycopg's
-- handling of them cost more CPU per report than PostgreSQL's own work (issue 4).
--
-- Bitmap scans are off inside it (SET below): an incident's row updated otherwise than by a
-- report (its status) leaves dead versions in the incident indexes until vacuum; a bitmap scan
-- visits each of them every time, under the substation's lock. A plain index scan marks them
-- dead once (LP_DEAD) and skips them after. Its plans are cached for the session with that
-- setting.
--
-- The thresholds, and the window and share as Python formats them ('30 min', '30%'), come from
-- outage/settings.py with each call.
--
-- Inside a query, a parameter is named with its function's name (outage_infer.feeder_id): a
-- bare name that is also a column's is refused (plpgsql.variable_conflict = error).

-- Store a located fault report and infer its incident (outage/incident.py):
-- 1. Inside an announced planned outage whose window covers reported_at (its polygon covering
--    located_lon/located_lat, border included; the earliest to start first), the report is
--    stored in it, and no incident is inferred.
-- 2. Else the report's substation is locked (pg_advisory_xact_lock, until the transaction
--    ends), and the report joins the open incident covering its device — its substation's,
--    else its feeder's, else its transformer's; restored, rejected and absorbed incidents are
--    never joined — unless the feeder rule fires (a feeder incident opens and absorbs the
--    feeder's transformer incidents; then the substation rule is tried), or it opens a
--    transformer incident.
-- The rules' texts name devices by the codes people see (transformer, feeder and substation
-- codes), in English in the rule and the events' detail (what the API answers), and as facts
-- (rule_facts, detail_facts: a text key of the console and its values) from which the console
-- says them in either language (app/console/i18n.py, incident_*).
-- The open-incident lookup takes one branch per level, each on an index of its device (a
-- substation incident has no feeder: feeder_id IS NULL on incident_feeder_idx). A report's
-- update of its incident (counts, confidence, last_report_at) touches no indexed column, so it
-- is a HOT update (migration 052).
CREATE OR REPLACE FUNCTION outage_infer(
    public_token text, channel text, input_crs text,
    input_lon double precision, input_lat double precision,
    lon double precision, lat double precision,
    account_no text, description text, reported_at timestamptz, received_at timestamptz,
    transformer_id integer, supply_area_id integer, feeder_id integer, substation_id integer,
    location_method text, distance_m double precision, location_conflict text,
    idempotency_key text, request_hash text,
    located_lon double precision, located_lat double precision,
    incident_window interval, feeder_min_transformers integer,
    feeder_min_share double precision, substation_min_feeders integer,
    window_label text, share_label text
) RETURNS outage_inference LANGUAGE plpgsql
SET enable_bitmapscan = off
AS $$
DECLARE
    answer outage_inference;
    existing_id bigint;
    existing_level text;
    reporting bigint;
    total bigint;
    rule text;
    escalated boolean := false;
    feeders integer[];
    feeder_codes text;
    device_code text;
    facts jsonb;
    decided incident;
BEGIN
    SELECT o.id, o.title, o.reason, o.starts_at, o.ends_at, o.status
    INTO answer.planned_outage_id, answer.planned_title, answer.planned_reason,
         answer.planned_starts_at, answer.planned_ends_at, answer.planned_status
    FROM planned_outage AS o
    WHERE o.status IN ('published', 'in_progress')
      AND o.starts_at <= outage_infer.reported_at AND o.ends_at > outage_infer.reported_at
      AND ST_Covers(o.geom, ST_SetSRID(ST_MakePoint(located_lon, located_lat), 4326))
    ORDER BY o.starts_at, o.id
    LIMIT 1;

    IF answer.planned_outage_id IS NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext('incident'), outage_infer.substation_id);
        SELECT open_incident.id, open_incident.level INTO existing_id, existing_level
        FROM (
            SELECT i.id, i.level, 0 AS rank
            FROM incident AS i
            WHERE i.feeder_id IS NULL AND i.level = 'substation'
              AND i.substation_id = outage_infer.substation_id
              AND i.absorbed_into IS NULL AND i.status IN ('suspected', 'confirmed', 'dispatched')
            UNION ALL
            SELECT i.id, i.level, 1
            FROM incident AS i
            WHERE i.feeder_id = outage_infer.feeder_id AND i.level = 'feeder'
              AND i.substation_id = outage_infer.substation_id
              AND i.absorbed_into IS NULL AND i.status IN ('suspected', 'confirmed', 'dispatched')
            UNION ALL
            SELECT i.id, i.level, 2
            FROM incident AS i
            WHERE i.transformer_id = outage_infer.transformer_id AND i.level = 'transformer'
              AND i.substation_id = outage_infer.substation_id
              AND i.absorbed_into IS NULL AND i.status IN ('suspected', 'confirmed', 'dispatched')
        ) AS open_incident
        ORDER BY open_incident.rank, open_incident.id
        LIMIT 1;

        IF existing_level IN ('substation', 'feeder') THEN
            answer.incident_id := existing_id;
        ELSE
            -- the feeder rule: transformers of the feeder with reports within the window in
            -- an open incident, with the new report's own (it is not stored yet); one probe per
            -- transformer of the feeder (fault_report_recent_idx), so the count costs the same
            -- however many reports the window holds
            SELECT count(*) FILTER (
                       WHERE t.id = outage_infer.transformer_id
                          OR EXISTS (
                              SELECT FROM fault_report AS r
                              JOIN incident AS i ON i.id = r.incident_id
                              WHERE r.transformer_id = t.id
                                AND r.feeder_id = outage_infer.feeder_id
                                AND r.reported_at
                                    BETWEEN outage_infer.reported_at - incident_window
                                        AND outage_infer.reported_at + incident_window
                                AND i.status IN ('suspected', 'confirmed', 'dispatched'))),
                   count(*)
            INTO reporting, total
            FROM transformer AS t
            WHERE t.feeder_id = outage_infer.feeder_id;
            IF reporting >= feeder_min_transformers
               OR (reporting >= 2 AND total > 0
                   AND reporting::double precision / total >= feeder_min_share) THEN
                SELECT f.code INTO device_code FROM feeder AS f
                WHERE f.id = outage_infer.feeder_id;
                facts := jsonb_build_object(
                    'reporting', reporting, 'total', total, 'feeder', device_code,
                    'window_min', extract(epoch FROM incident_window) / 60);
            END IF;
            IF reporting >= feeder_min_transformers THEN
                rule := format('%s of %s transformers of feeder %s reported within %s '
                               '(at least %s): feeder suspected',
                               reporting, total, device_code, window_label,
                               feeder_min_transformers);
                facts := facts || jsonb_build_object(
                    'key', 'rule_feeder_transformers',
                    'min_transformers', feeder_min_transformers);
            ELSIF facts IS NOT NULL THEN
                rule := format('%s of %s transformers of feeder %s reported within %s '
                               '(share at least %s): feeder suspected',
                               reporting, total, device_code, window_label, share_label);
                facts := facts || jsonb_build_object(
                    'key', 'rule_feeder_share', 'min_share', feeder_min_share);
            END IF;
            IF rule IS NOT NULL THEN
                answer.incident_id := outage_open_incident(
                    'feeder', NULL, outage_infer.feeder_id, outage_infer.substation_id, rule,
                    facts, outage_infer.reported_at);
                answer.opened := true;
                escalated := true;
            ELSIF existing_id IS NOT NULL THEN
                answer.incident_id := existing_id;
            ELSE
                SELECT t.code INTO device_code FROM transformer AS t
                WHERE t.id = outage_infer.transformer_id;
                answer.incident_id := outage_open_incident(
                    'transformer', outage_infer.transformer_id, outage_infer.feeder_id,
                    outage_infer.substation_id,
                    format('report behind transformer %s: transformer suspected', device_code),
                    jsonb_build_object('key', 'rule_transformer', 'transformer', device_code),
                    outage_infer.reported_at);
                answer.opened := true;
            END IF;
        END IF;
    END IF;

    -- the report, straight into its planned outage or its incident (its contact goes to
    -- fault_report_contact, never here)
    INSERT INTO fault_report (
        public_token, channel, input_crs, input_lon, input_lat, geom, account_no, customer_id,
        description, reported_at, received_at, transformer_id, supply_area_id, feeder_id,
        substation_id, location_method, distance_m, location_conflict, planned_outage_id,
        status, idempotency_key, request_hash, incident_id)
    VALUES (
        public_token, channel, input_crs, input_lon, input_lat,
        ST_SetSRID(ST_MakePoint(lon, lat), 4326), account_no,
        (SELECT c.id FROM customer AS c WHERE c.account_no = outage_infer.account_no),
        description, reported_at, received_at, transformer_id, supply_area_id, feeder_id,
        substation_id, location_method, distance_m, location_conflict,
        answer.planned_outage_id,
        CASE WHEN answer.incident_id IS NULL THEN 'planned_outage' ELSE 'in_incident' END,
        idempotency_key, request_hash, answer.incident_id)
    RETURNING id INTO answer.report_id;
    IF answer.incident_id IS NULL THEN
        RETURN answer;
    END IF;

    SELECT t.code INTO device_code FROM transformer AS t WHERE t.id = outage_infer.transformer_id;
    INSERT INTO incident_event (incident_id, kind, detail, detail_facts, at)
    VALUES (answer.incident_id, 'report',
            format('report %s behind transformer %s', answer.report_id, device_code),
            jsonb_build_object('key', 'report', 'report', answer.report_id,
                               'transformer', device_code),
            outage_infer.reported_at);
    answer.opened := coalesce(answer.opened, false);
    answer.absorbed_incident_ids := '{}';
    IF NOT answer.opened THEN
        decided := outage_add_report_to_incident(
            answer.incident_id, answer.report_id, outage_infer.transformer_id,
            outage_infer.feeder_id, outage_infer.reported_at);
    ELSIF NOT escalated THEN
        decided := outage_refresh_incident_evidence(answer.incident_id, '{}');
    ELSE
        answer.absorbed_incident_ids := outage_absorb_incidents(
            answer.incident_id, outage_infer.substation_id, outage_infer.feeder_id,
            '{transformer}', outage_infer.reported_at);
        decided := outage_refresh_incident_evidence(
            answer.incident_id, answer.absorbed_incident_ids);
        -- the substation rule: feeders of the substation with an open feeder incident
        SELECT coalesce(array_agg(f.id ORDER BY f.id), '{}'),
               string_agg(f.code, ', ' ORDER BY f.id)
        INTO feeders, feeder_codes
        FROM feeder AS f
        WHERE f.id IN (SELECT i.feeder_id
                       FROM incident AS i
                       WHERE i.substation_id = outage_infer.substation_id
                         AND i.level = 'feeder'
                         AND i.absorbed_into IS NULL
                         AND i.status IN ('suspected', 'confirmed', 'dispatched'));
        IF cardinality(feeders) >= substation_min_feeders THEN
            SELECT s.code INTO device_code FROM substation AS s
            WHERE s.id = outage_infer.substation_id;
            answer.incident_id := outage_open_incident(
                'substation', NULL, NULL, outage_infer.substation_id,
                format('feeders %s of substation %s are out (at least %s): substation suspected',
                       feeder_codes, device_code, substation_min_feeders),
                jsonb_build_object('key', 'rule_substation', 'feeders', feeder_codes,
                                   'substation', device_code,
                                   'min_feeders', substation_min_feeders),
                outage_infer.reported_at);
            answer.absorbed_incident_ids := outage_absorb_incidents(
                answer.incident_id, outage_infer.substation_id, NULL,
                '{transformer,feeder}', outage_infer.reported_at);
            decided := outage_refresh_incident_evidence(
                answer.incident_id, answer.absorbed_incident_ids);
        END IF;
    END IF;
    answer.level := decided.level;
    answer.status := decided.status;
    answer.customers_affected := decided.customers_affected;
    answer.confidence := decided.confidence;
    answer.estimated_restoration_at := decided.estimated_restoration_at;
    RETURN answer;
END $$;
COMMENT ON FUNCTION outage_infer IS
    'Store a located fault report in its planned outage or its incident, inferring the '
    'incident (outage/incident.py); one call per report, in the intake transaction';
