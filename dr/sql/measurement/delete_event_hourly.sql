-- Forget an event's earlier hourly sums.
DELETE FROM dr_event_hourly WHERE event_id = %(event_id)s
