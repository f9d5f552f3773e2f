-- The participant a response link belongs to, locked, with its event's state: by the event,
-- customer and modification number of a signed token (notify/link_token.py), or by the sha256
-- of a random token sent before migration 051. A link of an earlier modification is no
-- longer valid, unless the event was called off (then it is told so).
SELECT p.event_id, p.customer_id, e.status, e.response_deadline
FROM dr_participant AS p
JOIN dr_event AS e ON e.id = p.event_id
WHERE (p.event_id = %(event_id)s AND p.customer_id = %(customer_id)s
       AND (e.modification_number = %(modification_number)s OR e.status = 'cancelled'))
   OR p.token_hash = %(token_hash)s
FOR UPDATE OF p
