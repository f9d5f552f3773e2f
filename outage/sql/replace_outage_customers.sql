-- Record who is affected at the outage's current revision; answer who was added and removed.
WITH target AS (
    SELECT c.id FROM customer c, planned_outage o
    WHERE o.id = %(outage_id)s
      AND (ST_Intersects(c.geom, o.geom) OR c.transformer_id = ANY(o.transformer_ids))
), removed AS (
    DELETE FROM planned_outage_customer pc
    WHERE pc.planned_outage_id = %(outage_id)s
      AND NOT EXISTS (SELECT 1 FROM target WHERE target.id = pc.customer_id)
    RETURNING pc.customer_id
), added AS (
    INSERT INTO planned_outage_customer (planned_outage_id, customer_id)
    SELECT %(outage_id)s, target.id FROM target
    ON CONFLICT DO NOTHING
    RETURNING customer_id
)
SELECT
    coalesce((SELECT array_agg(customer_id) FROM added), '{}') AS added,
    coalesce((SELECT array_agg(customer_id) FROM removed), '{}') AS removed,
    coalesce((SELECT array_agg(id) FROM target), '{}') AS current
