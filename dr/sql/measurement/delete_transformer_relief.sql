-- Forget an event's earlier transformer relief.
DELETE FROM dr_transformer_relief WHERE event_id = %(event_id)s
