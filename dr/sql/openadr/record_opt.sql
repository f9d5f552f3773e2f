-- oadrCreatedEvent: a VEN's optIn/optOut for one modification of an event. The latest
-- modification's answer is kept; when the answer changes (or is the first), a VEN registered to
-- a customer also answers for that customer's participation, while the event is open for answers
-- (published or active, before its response deadline), so it shows wherever responses show.
WITH previous AS (
    SELECT opt_type
    FROM openadr_opt
    WHERE event_id = %(event_id)s AND ven_id = %(ven_id)s
),
recorded AS (
    INSERT INTO openadr_opt (event_id, ven_id, opt_type, modification_number, at)
    SELECT e.id, %(ven_id)s, %(opt_type)s, %(modification_number)s, now()
    FROM dr_event AS e
    WHERE e.id = %(event_id)s
    ON CONFLICT (event_id, ven_id) DO UPDATE
    SET opt_type = EXCLUDED.opt_type,
        modification_number = EXCLUDED.modification_number,
        at = EXCLUDED.at
    WHERE EXCLUDED.modification_number >= openadr_opt.modification_number
    RETURNING event_id
),
mirrored AS (
    UPDATE dr_participant AS p
    SET response = CASE %(opt_type)s WHEN 'optIn' THEN 'opt_in' ELSE 'opt_out' END,
        responded_at = now()
    FROM openadr_ven AS v, dr_event AS e
    WHERE v.ven_id = %(ven_id)s
      AND p.customer_id = v.customer_id
      AND p.event_id = %(event_id)s
      AND e.id = p.event_id
      AND e.status IN ('published', 'active')
      AND now() <= e.response_deadline
      AND EXISTS (SELECT 1 FROM recorded)
      AND NOT EXISTS (SELECT 1 FROM previous WHERE previous.opt_type = %(opt_type)s)
    RETURNING p.customer_id
)
SELECT (SELECT count(*) FROM recorded) AS recorded, (SELECT count(*) FROM mirrored) AS mirrored;
