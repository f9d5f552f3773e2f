-- What the customer's answer page shows of the request behind a response link (found as in
-- select_participant_by_token.sql): the event's window, deadline and state, the program's
-- incentive, the customer's requested kW and answer. Nothing of other participants.
SELECT e.id AS event_id, e.title, e.starts_at, e.ends_at, e.response_deadline, e.status,
       g.incentive_per_kwh, p.expected_kw, p.response
FROM dr_participant AS p
JOIN dr_event AS e ON e.id = p.event_id
JOIN dr_program AS g ON g.id = e.program_id
WHERE (p.event_id = %(event_id)s AND p.customer_id = %(customer_id)s
       AND (e.modification_number = %(modification_number)s OR e.status = 'cancelled'))
   OR p.token_hash = %(token_hash)s
