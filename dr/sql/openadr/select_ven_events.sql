-- The events each pre-registered VEN must hold (registered or about to): published or active
-- events not yet over that target it (its customer is a participant, or its transformer is among the event's transformers or
-- inside the event's area), and cancelled events until the VEN acknowledges the cancellation
-- (answers its modification) or the event's window ends — also to a VEN that held the event
-- and never answered it: it must hear of the cancellation too.
-- A cancelled event is served with modification_number + 1, so that the cancellation is always a
-- new modification whether or not the cancelling service bumped the number.
-- requested_kw: what the event asks of the VEN's load, the expected kW of its participants (its
-- customer's, or those behind its transformer), for the LOAD_DISPATCH signal.
WITH live_event AS (
    SELECT e.id, e.program_id, e.title, e.starts_at, e.ends_at, e.target_kw, e.geom,
           e.transformer_ids, e.status, e.created_at, e.updated_at,
           e.modification_number + (e.status = 'cancelled')::integer AS modification_number
    FROM dr_event AS e
    WHERE e.status IN ('published', 'active', 'cancelled')
      AND e.ends_at > now()
)
SELECT v.ven_id, v.resource_ids, e.id AS event_id, e.program_id, e.title, e.starts_at,
       e.ends_at, e.target_kw, e.status, e.modification_number, e.created_at, e.updated_at,
       (SELECT coalesce(sum(p.expected_kw), 0)::float8
        FROM dr_participant AS p
        WHERE p.event_id = e.id
          AND (p.customer_id = v.customer_id OR p.transformer_id = v.transformer_id))
           AS requested_kw
FROM openadr_ven AS v
JOIN live_event AS e
  ON (v.customer_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM dr_participant AS p
                  WHERE p.event_id = e.id AND p.customer_id = v.customer_id))
  OR (v.transformer_id IS NOT NULL
      AND (v.transformer_id = ANY (e.transformer_ids)
           OR EXISTS (SELECT 1 FROM transformer AS t
                      WHERE t.id = v.transformer_id AND ST_Intersects(t.geom, e.geom))))
LEFT JOIN openadr_opt AS o ON o.event_id = e.id AND o.ven_id = v.ven_id
WHERE (e.status <> 'cancelled' OR o.modification_number IS NULL
       OR o.modification_number < e.modification_number)
ORDER BY v.ven_id, e.starts_at, e.id;
