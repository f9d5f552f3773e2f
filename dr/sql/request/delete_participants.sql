-- Forget an event's participants (before they are written again with new tokens).
DELETE FROM dr_participant WHERE event_id = %(event_id)s
