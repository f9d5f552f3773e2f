-- Who is recorded as affected by an outage.
SELECT coalesce(array_agg(customer_id ORDER BY customer_id), '{}')
FROM planned_outage_customer
WHERE planned_outage_id = %(outage_id)s
