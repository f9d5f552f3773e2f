-- Escalation: incident %(into)s absorbs the open, not yet dispatched incidents below it
-- (levels %(levels)s of substation %(substation_id)s, on feeder %(feeder_id)s when given);
-- their reports move to it and each gets an 'absorbed' event. Dispatched incidents keep
-- their crew and their reports. Returns the ids absorbed.
WITH absorbed AS (
    UPDATE incident
    SET absorbed_into = %(into)s, updated_at = now()
    WHERE id <> %(into)s
      AND absorbed_into IS NULL
      AND status IN ('suspected', 'confirmed')
      AND substation_id = %(substation_id)s
      AND level = ANY (%(levels)s::text[])
      AND (%(feeder_id)s::integer IS NULL OR feeder_id = %(feeder_id)s::integer)
    RETURNING id
),
moved AS (
    UPDATE fault_report
    SET incident_id = %(into)s
    WHERE incident_id IN (SELECT id FROM absorbed)
    RETURNING id
),
events AS (
    INSERT INTO incident_event (incident_id, kind, detail, at)
    SELECT id, 'absorbed', 'absorbed into incident ' || %(into)s::text, %(at)s
    FROM absorbed
)
SELECT coalesce((SELECT array_agg(id ORDER BY id) FROM absorbed), '{}') AS absorbed,
       (SELECT count(*) FROM moved) AS reports_moved
