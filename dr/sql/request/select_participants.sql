-- An event's participants.
SELECT customer_id FROM dr_participant WHERE event_id = %(event_id)s ORDER BY customer_id
