-- The hourly sums over the measured participants: adjusted baseline kW and actual kW. Each
-- participant's baseline hour is the mean of its baseline days' readings in that hour, so the
-- sum over participants weighs each (participant, baseline day) reading by 1 / its number of
-- days; the event day's readings count whole for the actual. One pass over the window hours'
-- readings, found as insert_measure_days.sql finds them (by their stamps, hash joined), and
-- one hash join with the (participant, day) pairs that count. %(window_stamps)s are the window
-- hours among the stamps.
WITH counted AS (
    SELECT customer_id, day, 1.0::float8 / cardinality(days) AS weight, false AS actual
    FROM dr_measure, unnest(days) AS day
    WHERE days IS NOT NULL AND actual_kwh IS NOT NULL
    UNION ALL
    SELECT customer_id, %(event_day)s::date, 1.0::float8, true
    FROM dr_measure
    WHERE days IS NOT NULL AND actual_kwh IS NOT NULL
),
hourly AS (
    SELECT s.hour,
           sum(r.kw * c.weight) FILTER (WHERE NOT c.actual) AS baseline_kw,
           sum(r.kw) FILTER (WHERE c.actual) AS actual_kw
    FROM unnest(%(stamps)s::timestamptz[], %(stamp_days)s::date[], %(stamp_hours)s::int[],
                %(stamp_in_window)s::boolean[]) AS s (ts, day, hour, in_window)
    JOIN customer_load_reading AS r
      ON r.ts = s.ts AND r.ts = ANY (%(window_stamps)s::timestamptz[])
    JOIN counted AS c ON c.customer_id = r.customer_id AND c.day = s.day
    WHERE s.in_window
    GROUP BY s.hour
),
adjustment AS (
    SELECT coalesce(sum(adjustment_kwh), 0) / %(hours)s AS kw
    FROM dr_measure WHERE days IS NOT NULL AND actual_kwh IS NOT NULL
)
INSERT INTO dr_event_hourly (event_id, ts, baseline_kw, actual_kw)
SELECT %(event_id)s, (%(event_day)s::date + make_interval(hours => h.hour)) AT TIME ZONE %(tz)s,
       (h.baseline_kw + adjustment.kw)::real, coalesce(h.actual_kw, 0)::real
FROM hourly AS h
CROSS JOIN adjustment
WHERE h.baseline_kw IS NOT NULL
