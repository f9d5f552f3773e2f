-- Fault intake in one statement: outage_infer stores a located fault report and infers its
-- incident, by the rules of outage/incident.py (its module docstring), in one call from
-- outage.incident.infer. The same work took about twelve statements from Python, and psycopg's
-- handling of them cost more CPU per report than PostgreSQL's own work (issue 4).
--
-- Bitmap scans are off inside it (SET below): every report updates its incident's row
-- (evidence, last_report_at), leaving dead versions in the incident indexes until vacuum; a
-- bitmap scan visits each of them every time, under the substation's lock. A plain index scan
-- marks them dead once (LP_DEAD) and skips them after. Its plans are cached for the session
-- with that setting.
--
-- The English texts (rules, event details) are shown by the console and kept word for word;
-- the thresholds, and the window and share as Python formats them ('30 min', '30%'), come from
-- outage/settings.py with each call.
--
-- Inside a query, a parameter is named with its function's name (outage_infer.feeder_id): a
-- bare name that is also a column's is refused (plpgsql.variable_conflict = error).

CREATE TYPE outage_inference AS (
    report_id                 bigint,
    planned_outage_id         integer,  -- the announced planned outage covering the report,
    planned_title             text,     -- then no incident: the columns below are null
    planned_reason            text,
    planned_starts_at         timestamptz,
    planned_ends_at           timestamptz,
    planned_status            text,
    incident_id               bigint,
    level                     text,
    status                    text,
    customers_affected        integer,
    confidence                numeric(4, 3),
    estimated_restoration_at  timestamptz,
    opened                    boolean,  -- the report opened (or escalated into) the incident
    absorbed_incident_ids     bigint[]  -- what this report's escalation absorbed
);
COMMENT ON TYPE outage_inference IS 'What outage_infer answers for one fault report';

-- An incident's confidence: it rises with its reports and with the distinct transformers
-- behind them, 1 - 0.7^reports x 0.6^(transformers - 1), at most 0.99 (one report and one
-- transformer at least counted).
CREATE FUNCTION outage_confidence(reports bigint, transformers bigint) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT round(least(0.99, 1 - power(0.7, greatest(reports, 1))
                                 * power(0.6, greatest(transformers - 1, 0)))::numeric, 3)
$$;

-- A sorted list of distinct ids (a jsonb array) with new_id in it: appended when it is the
-- highest (a new report's id mostly is), the list as it is when it holds it, else sorted in.
CREATE FUNCTION outage_ids_with(ids jsonb, new_id bigint) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN coalesce((ids ->> -1)::bigint < new_id, true) THEN ids || to_jsonb(new_id)
        WHEN ids @> to_jsonb(new_id) THEN ids
        ELSE (SELECT jsonb_agg(s.v ORDER BY s.v)
              FROM (SELECT e::bigint AS v FROM jsonb_array_elements_text(ids) AS e
                    UNION ALL SELECT new_id) AS s)
    END
$$;

-- A suspected incident on a device (transformer: transformer_id and feeder_id; feeder:
-- feeder_id; substation: neither), counting the customers behind it, with its 'opened' event
-- (the rule) and, above the transformer level, its 'escalated' event. Returns its id.
CREATE FUNCTION outage_open_incident(
    level text, transformer_id integer, feeder_id integer, substation_id integer, rule text,
    at timestamptz
) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    customers bigint;
    opened_id bigint;
BEGIN
    IF outage_open_incident.level = 'transformer' THEN
        SELECT count(*) INTO customers
        FROM customer AS c
        WHERE c.transformer_id = outage_open_incident.transformer_id;
    ELSIF outage_open_incident.level = 'feeder' THEN
        SELECT count(*) INTO customers
        FROM customer AS c
        JOIN transformer AS t ON t.id = c.transformer_id
        WHERE t.feeder_id = outage_open_incident.feeder_id;
    ELSE
        SELECT count(*) INTO customers
        FROM customer AS c
        JOIN transformer AS t ON t.id = c.transformer_id
        JOIN feeder AS f ON f.id = t.feeder_id
        WHERE f.substation_id = outage_open_incident.substation_id;
    END IF;
    INSERT INTO incident (level, transformer_id, feeder_id, substation_id, rule, confidence,
                          customers_affected, opened_at, last_report_at)
    VALUES (outage_open_incident.level, outage_open_incident.transformer_id,
            outage_open_incident.feeder_id, outage_open_incident.substation_id,
            left(outage_open_incident.rule, 500), 0, customers, at, at)
    RETURNING id INTO opened_id;
    INSERT INTO incident_event (incident_id, kind, detail, at)
    VALUES (opened_id, 'opened', left(outage_open_incident.rule, 2000), at);
    IF outage_open_incident.level <> 'transformer' THEN
        INSERT INTO incident_event (incident_id, kind, detail, at)
        VALUES (opened_id, 'escalated', 'escalated to the ' || outage_open_incident.level, at);
    END IF;
    RETURN opened_id;
END $$;

-- Escalation: incident into_id absorbs the open, not yet dispatched incidents below it
-- (levels of the substation, on the feeder when given); their reports move to it, each gets
-- an 'absorbed' event, and so does into_id when it absorbed any. Dispatched incidents keep
-- their crew and their reports. Returns the ids absorbed, in order.
CREATE FUNCTION outage_absorb_incidents(
    into_id bigint, substation_id integer, feeder_id integer, levels text[], at timestamptz
) RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE
    absorbed_ids bigint[];
BEGIN
    WITH absorbed AS (
        UPDATE incident AS i
        SET absorbed_into = into_id, updated_at = now()
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
        INSERT INTO incident_event (incident_id, kind, detail, at)
        SELECT a.id, 'absorbed', 'absorbed into incident ' || into_id::text, at
        FROM absorbed AS a
        ORDER BY a.id
    )
    SELECT coalesce(array_agg(a.id ORDER BY a.id), '{}') INTO absorbed_ids FROM absorbed AS a;
    IF cardinality(absorbed_ids) > 0 THEN
        INSERT INTO incident_event (incident_id, kind, detail, at)
        VALUES (into_id, 'absorbed',
                left('absorbed incidents ' || array_to_string(absorbed_ids, ', '), 2000), at);
    END IF;
    RETURN absorbed_ids;
END $$;

-- Recompute an incident's evidence and confidence (outage_confidence) from its reports.
-- absorbed_ids adds to the incidents it absorbed. Returns the row.
CREATE FUNCTION outage_refresh_incident_evidence(incident_id bigint, absorbed_ids bigint[])
RETURNS incident LANGUAGE plpgsql AS $$
DECLARE
    refreshed incident;
BEGIN
    WITH r AS (
        SELECT count(*) AS reports,
               array_agg(f.id ORDER BY f.id) AS report_ids,
               array_agg(DISTINCT f.transformer_id ORDER BY f.transformer_id) AS transformer_ids,
               array_agg(DISTINCT f.feeder_id ORDER BY f.feeder_id) AS feeder_ids,
               max(f.reported_at) AS last_at
        FROM fault_report AS f
        WHERE f.incident_id = outage_refresh_incident_evidence.incident_id
    )
    UPDATE incident AS i
    SET evidence = jsonb_build_object(
            'report_ids', coalesce(to_jsonb(r.report_ids), '[]'),
            'transformer_ids', coalesce(to_jsonb(r.transformer_ids), '[]'),
            'feeder_ids', coalesce(to_jsonb(r.feeder_ids), '[]'),
            'absorbed_incident_ids',
                coalesce(i.evidence -> 'absorbed_incident_ids', '[]') || to_jsonb(absorbed_ids),
            'rule', i.rule),
        confidence = outage_confidence(r.reports, coalesce(cardinality(r.transformer_ids), 1)),
        last_report_at = greatest(i.last_report_at, coalesce(r.last_at, i.last_report_at)),
        updated_at = now()
    FROM r
    WHERE i.id = outage_refresh_incident_evidence.incident_id
    RETURNING i.* INTO refreshed;
    RETURN refreshed;
END $$;

-- A report (report_id, behind transformer_id of feeder_id) joins an open incident: its
-- evidence grows by the report, the transformer and the feeder (outage_ids_with: ids kept
-- sorted and distinct), and the confidence, last_report_at and updated_at follow, by the rules
-- of outage_refresh_incident_evidence, without reading every report of the incident again (in
-- a storm that read grew with each report, under the substation's lock). Evidence not written
-- by a refresh (without report_ids) is refreshed in full. Returns the row.
CREATE FUNCTION outage_add_report_to_incident(
    incident_id bigint, report_id bigint, transformer_id integer, feeder_id integer,
    reported_at timestamptz
) RETURNS incident LANGUAGE plpgsql AS $$
DECLARE
    joined incident;
BEGIN
    WITH ids AS (
        SELECT i.id,
               i.evidence -> 'report_ids' AS reports,
               coalesce(i.evidence -> 'transformer_ids', '[]') AS transformers,
               coalesce(i.evidence -> 'feeder_ids', '[]') AS feeders
        FROM incident AS i
        WHERE i.id = outage_add_report_to_incident.incident_id
          AND jsonb_typeof(i.evidence -> 'report_ids') = 'array'
    ),
    grown AS (
        SELECT ids.id,
               outage_ids_with(ids.reports, report_id) AS report_ids,
               outage_ids_with(ids.transformers, transformer_id) AS transformer_ids,
               outage_ids_with(ids.feeders, feeder_id) AS feeder_ids
        FROM ids
    )
    UPDATE incident AS i
    SET evidence = i.evidence || jsonb_build_object(
            'report_ids', g.report_ids,
            'transformer_ids', g.transformer_ids,
            'feeder_ids', g.feeder_ids),
        confidence = outage_confidence(jsonb_array_length(g.report_ids),
                                       jsonb_array_length(g.transformer_ids)),
        last_report_at = greatest(i.last_report_at, reported_at),
        updated_at = now()
    FROM grown AS g
    WHERE i.id = g.id
    RETURNING i.* INTO joined;
    IF NOT FOUND THEN
        RETURN outage_refresh_incident_evidence(incident_id, '{}');
    END IF;
    RETURN joined;
END $$;

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
-- The open-incident lookup takes one branch per level, each on an index of its device (a
-- substation incident has no feeder: feeder_id IS NULL on incident_feeder_idx), not
-- incident_open_idx: every report moves its incident's last_report_at, so in a storm that
-- index fills with dead versions of the few open incidents.
CREATE FUNCTION outage_infer(
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
            -- an open incident, with the new report's own (it is not stored yet)
            SELECT (SELECT count(*)
                    FROM (SELECT r.transformer_id
                          FROM fault_report AS r
                          JOIN incident AS i ON i.id = r.incident_id
                          WHERE r.feeder_id = outage_infer.feeder_id
                            AND r.reported_at BETWEEN outage_infer.reported_at - incident_window
                                                  AND outage_infer.reported_at + incident_window
                            AND i.status IN ('suspected', 'confirmed', 'dispatched')
                          UNION
                          SELECT outage_infer.transformer_id) AS reporting),
                   (SELECT count(*) FROM transformer AS t
                    WHERE t.feeder_id = outage_infer.feeder_id)
            INTO reporting, total;
            IF reporting >= feeder_min_transformers THEN
                rule := format('%s of %s transformers of feeder %s reported within %s '
                               '(at least %s): feeder suspected',
                               reporting, total, outage_infer.feeder_id, window_label,
                               feeder_min_transformers);
            ELSIF reporting >= 2 AND total > 0
                  AND reporting::double precision / total >= feeder_min_share THEN
                rule := format('%s of %s transformers of feeder %s reported within %s '
                               '(share at least %s): feeder suspected',
                               reporting, total, outage_infer.feeder_id, window_label,
                               share_label);
            END IF;
            IF rule IS NOT NULL THEN
                answer.incident_id := outage_open_incident(
                    'feeder', NULL, outage_infer.feeder_id, outage_infer.substation_id, rule,
                    outage_infer.reported_at);
                answer.opened := true;
                escalated := true;
            ELSIF existing_id IS NOT NULL THEN
                answer.incident_id := existing_id;
            ELSE
                answer.incident_id := outage_open_incident(
                    'transformer', outage_infer.transformer_id, outage_infer.feeder_id,
                    outage_infer.substation_id,
                    format('report behind transformer %s: transformer suspected',
                           outage_infer.transformer_id),
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

    INSERT INTO incident_event (incident_id, kind, detail, at)
    VALUES (answer.incident_id, 'report',
            format('report %s behind transformer %s', answer.report_id,
                   outage_infer.transformer_id),
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
        SELECT coalesce(array_agg(DISTINCT i.feeder_id ORDER BY i.feeder_id), '{}')
        INTO feeders
        FROM incident AS i
        WHERE i.substation_id = outage_infer.substation_id
          AND i.level = 'feeder'
          AND i.absorbed_into IS NULL
          AND i.status IN ('suspected', 'confirmed', 'dispatched');
        IF cardinality(feeders) >= substation_min_feeders THEN
            answer.incident_id := outage_open_incident(
                'substation', NULL, NULL, outage_infer.substation_id,
                format('feeders %s of substation %s are out (at least %s): substation suspected',
                       array_to_string(feeders, ', '), outage_infer.substation_id,
                       substation_min_feeders),
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
