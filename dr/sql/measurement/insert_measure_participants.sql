-- The event's participants into the measurement's scratch table (analyzed next, so that the
-- joins with the meter readings are planned on true counts).
INSERT INTO dr_measure (customer_id, transformer_id, adjustment_kwh)
SELECT customer_id, transformer_id, 0
FROM dr_participant
WHERE event_id = %(event_id)s
