-- The participant a response token belongs to, locked, with its event's state.
SELECT p.event_id, p.customer_id, e.status, e.response_deadline
FROM dr_participant AS p
JOIN dr_event AS e ON e.id = p.event_id
WHERE p.token_hash = %(token_hash)s
FOR UPDATE OF p
