-- Metered hourly kW of customers over [from_ts, to_ts): the profile of each customer's
-- transformer (mean kW by local hour and weekday/weekend over its last 28 days of load),
-- scaled to the customer's share of the contracted kW behind it, with +/-15 %% noise.
-- The hours written are those in %(hours)s (local hours; NULL: every hour).
WITH scope AS (
    SELECT c.id, c.transformer_id, c.contracted_kw
    FROM customer AS c
    WHERE c.id = ANY (%(customer_ids)s::bigint[])
),
transformer_scope AS (
    SELECT DISTINCT transformer_id FROM scope
),
latest AS (
    SELECT max(ts) AS ts FROM transformer_latest_load
),
profile AS (
    SELECT l.transformer_id,
           extract(hour FROM l.ts AT TIME ZONE %(tz)s)::int AS hour,
           extract(isodow FROM l.ts AT TIME ZONE %(tz)s) >= 6 AS weekend,
           avg(l.kw) AS kw
    FROM load_reading AS l
    JOIN transformer_scope USING (transformer_id)
    CROSS JOIN latest
    WHERE l.ts >= latest.ts - interval '28 days' AND l.ts <= latest.ts
    GROUP BY 1, 2, 3
),
share AS (
    SELECT c.transformer_id, sum(c.contracted_kw) AS contracted_kw
    FROM customer AS c
    JOIN transformer_scope USING (transformer_id)
    GROUP BY 1
),
hours AS (
    SELECT ts,
           extract(hour FROM ts AT TIME ZONE %(tz)s)::int AS hour,
           extract(isodow FROM ts AT TIME ZONE %(tz)s) >= 6 AS weekend
    FROM generate_series(%(from_ts)s::timestamptz, %(to_ts)s::timestamptz - interval '1 hour',
                         interval '1 hour') AS ts
    WHERE %(hours)s::int[] IS NULL
       OR extract(hour FROM ts AT TIME ZONE %(tz)s)::int = ANY (%(hours)s::int[])
)
INSERT INTO customer_load_reading (customer_id, ts, kw)
SELECT s.id, h.ts,
       greatest(0, coalesce(p.kw, sh.contracted_kw * 0.3) * s.contracted_kw / sh.contracted_kw
                   * (0.85 + 0.3 * random()))::real
FROM scope AS s
JOIN share AS sh USING (transformer_id)
CROSS JOIN hours AS h
LEFT JOIN profile AS p
       ON p.transformer_id = s.transformer_id AND p.hour = h.hour AND p.weekend = h.weekend
ORDER BY h.ts  -- as meters report: hour by hour (what the BRIN index on ts expects)
ON CONFLICT (customer_id, ts) DO NOTHING
