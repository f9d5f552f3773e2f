-- Record who is affected at the outage's current revision; answer who was added and removed.
-- Every CTE sees the row as it was before the UPDATE, so `previous` is the last revision's.
WITH target AS (
    SELECT coalesce(array_agg(c.id ORDER BY c.id), '{}') AS ids
    FROM customer c, planned_outage o
    WHERE o.id = %(outage_id)s
      AND (ST_Intersects(c.geom, o.geom) OR c.transformer_id = ANY(o.transformer_ids))
), previous AS (
    SELECT customer_ids AS ids FROM planned_outage WHERE id = %(outage_id)s
), saved AS (
    UPDATE planned_outage SET customer_ids = (SELECT ids FROM target)
    WHERE id = %(outage_id)s
    RETURNING id
)
SELECT
    ARRAY(SELECT unnest(t.ids) EXCEPT SELECT unnest(p.ids)) AS added,
    ARRAY(SELECT unnest(p.ids) EXCEPT SELECT unnest(t.ids)) AS removed,
    t.ids AS current
FROM target t, previous p, (SELECT count(*) FROM saved) s
