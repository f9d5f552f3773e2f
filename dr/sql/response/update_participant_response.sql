-- Record a response (the latest replaces an earlier one).
UPDATE dr_participant
SET response = %(response)s, responded_at = %(at)s
WHERE event_id = %(event_id)s AND customer_id = %(customer_id)s
