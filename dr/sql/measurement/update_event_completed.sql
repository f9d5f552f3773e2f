-- Mark a measured event completed.
UPDATE dr_event SET status = 'completed', updated_at = now() WHERE id = %(event_id)s
