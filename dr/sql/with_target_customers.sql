-- (The common part of select_target_*.sql, prepended by dr/target.py.)
-- The enrolled customers of a program in a target (customers whose point lies in the drawn
-- area, or customers behind the listed transformers), each with the kW it is expected to shed:
-- its pledge, else typical_response x its share (by contracted kW) of its transformer's mean
-- load in the window's local hours over the reference days before the newest reading.
WITH in_target AS (
    SELECT c.id, c.transformer_id, c.contracted_kw
    FROM customer AS c
    WHERE %(area)s::geometry IS NOT NULL AND ST_Covers(%(area)s::geometry, c.geom)
    UNION ALL  -- one target kind at a time: the branches never overlap
    SELECT c.id, c.transformer_id, c.contracted_kw
    FROM customer AS c
    WHERE c.transformer_id = ANY (%(transformer_ids)s::int[])
),
enrolled AS (
    SELECT t.id, t.transformer_id, t.contracted_kw, e.pledged_kw
    FROM in_target AS t
    JOIN dr_enrolment AS e ON e.program_id = %(program_id)s AND e.customer_id = t.id
),
transformer_scope AS (
    SELECT DISTINCT transformer_id FROM enrolled
),
reference AS (
    SELECT least(%(now)s::timestamptz, max(ts)) AS ts FROM transformer_latest_load
),
window_load AS (
    SELECT l.transformer_id, avg(l.kw) AS kw
    FROM load_reading AS l
    JOIN transformer_scope USING (transformer_id)
    CROSS JOIN reference AS r
    WHERE l.ts > r.ts - %(reference_days)s * interval '1 day' AND l.ts <= r.ts
      AND extract(hour FROM l.ts AT TIME ZONE %(tz)s)::int = ANY (%(hours)s::int[])
    GROUP BY l.transformer_id
),
share AS (
    SELECT c.transformer_id, sum(c.contracted_kw) AS contracted_kw
    FROM customer AS c
    JOIN transformer_scope USING (transformer_id)
    GROUP BY c.transformer_id
),
target AS (
    SELECT n.id AS customer_id, n.transformer_id,
           coalesce(n.pledged_kw, %(typical_response)s * coalesce(w.kw, 0) * n.contracted_kw
                                  / s.contracted_kw)::real AS expected_kw,
           coalesce(w.kw, 0)::real AS transformer_kw
    FROM enrolled AS n
    JOIN share AS s USING (transformer_id)
    LEFT JOIN window_load AS w USING (transformer_id)
)
