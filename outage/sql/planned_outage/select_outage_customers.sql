-- Who is recorded as affected by an outage.
SELECT customer_ids FROM planned_outage WHERE id = %(outage_id)s
