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
wanted AS (
    -- the readings of the window's local hours on each reference day: readings are stored on
    -- the hour (UTC), one per local hour (the first whole UTC hour in it, for zones off by
    -- half an hour). Probing these few instants on the key reads a twelfth of what reading
    -- every hour of the period and filtering on the local hour did.
    SELECT array_agg(t.ts) AS instants
    FROM reference AS r
    CROSS JOIN generate_series(0, %(reference_days)s) AS d
    CROSS JOIN unnest(%(hours)s::int[]) AS h
    CROSS JOIN LATERAL (
        SELECT date_trunc('hour',
                          (((r.ts AT TIME ZONE %(tz)s)::date - d + make_interval(hours => h))
                           AT TIME ZONE %(tz)s) + interval '1 hour' - interval '1 microsecond')
               AS ts
    ) AS t
    WHERE t.ts > r.ts - %(reference_days)s * interval '1 day' AND t.ts <= r.ts
),
window_load AS (
    SELECT l.transformer_id, avg(l.kw) AS kw
    FROM load_reading AS l
    JOIN transformer_scope USING (transformer_id)
    WHERE l.ts = ANY ((SELECT instants FROM wanted)::timestamptz[])
      -- the same bounds as a range, so that only the period's partitions are probed
      AND l.ts > (SELECT min(i) FROM wanted, unnest(instants) AS i) - interval '1 second'
      AND l.ts <= (SELECT max(i) FROM wanted, unnest(instants) AS i)
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
