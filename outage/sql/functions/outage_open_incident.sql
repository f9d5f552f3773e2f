-- A suspected incident on a device (transformer: transformer_id and feeder_id; feeder:
-- feeder_id; substation: neither), counting the customers behind it, with its 'opened' event
-- (the rule, in English, and rule_facts, from which the console says it in either language)
-- and, above the transformer level, its 'escalated' event. Returns its id.
DROP FUNCTION IF EXISTS outage_open_incident(text, integer, integer, integer, text, timestamptz);
CREATE OR REPLACE FUNCTION outage_open_incident(
    level text, transformer_id integer, feeder_id integer, substation_id integer, rule text,
    rule_facts jsonb, at timestamptz
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
    INSERT INTO incident (level, transformer_id, feeder_id, substation_id, rule, rule_facts,
                          confidence, customers_affected, opened_at, last_report_at)
    VALUES (outage_open_incident.level, outage_open_incident.transformer_id,
            outage_open_incident.feeder_id, outage_open_incident.substation_id,
            left(outage_open_incident.rule, 500), outage_open_incident.rule_facts, 0, customers,
            at, at)
    RETURNING id INTO opened_id;
    INSERT INTO incident_event (incident_id, kind, detail, detail_facts, at)
    VALUES (opened_id, 'opened', left(outage_open_incident.rule, 2000),
            outage_open_incident.rule_facts, at);
    IF outage_open_incident.level <> 'transformer' THEN
        INSERT INTO incident_event (incident_id, kind, detail, detail_facts, at)
        VALUES (opened_id, 'escalated', 'escalated to the ' || outage_open_incident.level,
                jsonb_build_object('key', 'escalated', 'level', outage_open_incident.level), at);
    END IF;
    RETURN opened_id;
END $$;
