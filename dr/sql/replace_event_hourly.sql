-- The hourly sums over the measured participants: adjusted baseline kW and actual kW.
WITH reading AS (
    SELECT m.days,
           (r.ts AT TIME ZONE %(tz)s)::date AS day,
           extract(hour FROM r.ts AT TIME ZONE %(tz)s)::int AS hour,
           r.kw
    FROM dr_measure AS m
    JOIN customer_load_reading AS r
      ON r.customer_id = m.customer_id AND r.ts >= %(from_ts)s AND r.ts < %(to_ts)s
    WHERE m.days IS NOT NULL AND m.actual_kwh IS NOT NULL
),
baseline AS (
    SELECT hour, sum(kw / cardinality(days)) AS kw
    FROM reading
    WHERE day = ANY (days) AND hour = ANY (%(window_hours)s::int[])
    GROUP BY hour
),
adjustment AS (
    SELECT coalesce(sum(adjustment_kwh), 0) / %(hours)s AS kw
    FROM dr_measure WHERE days IS NOT NULL AND actual_kwh IS NOT NULL
),
actual AS (
    SELECT hour, sum(kw) AS kw
    FROM reading
    WHERE day = %(event_day)s AND hour = ANY (%(window_hours)s::int[])
    GROUP BY hour
)
INSERT INTO dr_event_hourly (event_id, ts, baseline_kw, actual_kw)
SELECT %(event_id)s, (%(event_day)s::date + make_interval(hours => b.hour)) AT TIME ZONE %(tz)s,
       (b.kw + adjustment.kw)::real, coalesce(a.kw, 0)::real
FROM baseline AS b
CROSS JOIN adjustment
LEFT JOIN actual AS a USING (hour)
