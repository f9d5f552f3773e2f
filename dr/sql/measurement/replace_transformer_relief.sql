-- Peak relief on each transformer an event targeted: its baseline peak (the hourly mean over
-- the same highest-5-of-10 rule applied to its own metered load, no same-day adjustment)
-- minus its actual peak in the window.
WITH scope AS (
    SELECT DISTINCT transformer_id FROM dr_participant WHERE event_id = %(event_id)s
),
reading AS (
    SELECT l.transformer_id,
           (l.ts AT TIME ZONE %(tz)s)::date AS day,
           extract(hour FROM l.ts AT TIME ZONE %(tz)s)::int AS hour,
           l.kw
    FROM load_reading AS l
    JOIN scope USING (transformer_id)
    WHERE l.ts >= %(from_ts)s AND l.ts < %(to_ts)s
),
windowed AS (
    SELECT * FROM reading WHERE hour = ANY (%(window_hours)s::int[])
),
recent AS (
    SELECT transformer_id, day, sum(kw) AS kwh,
           row_number() OVER (PARTITION BY transformer_id ORDER BY day DESC) AS recency
    FROM windowed
    WHERE day = ANY (%(days)s::date[])
    GROUP BY transformer_id, day
    HAVING count(*) = %(hours)s
),
highest AS (
    SELECT transformer_id, day,
           row_number() OVER (PARTITION BY transformer_id ORDER BY kwh DESC, day DESC) AS rank
    FROM recent
    WHERE recency <= %(similar_days)s
),
baseline_hour AS (
    SELECT w.transformer_id, w.hour, avg(w.kw) AS kw
    FROM windowed AS w
    JOIN highest AS h ON h.transformer_id = w.transformer_id AND h.day = w.day
    WHERE h.rank <= %(highest)s
    GROUP BY w.transformer_id, w.hour
),
baseline AS (
    SELECT transformer_id, max(kw) AS kw FROM baseline_hour GROUP BY transformer_id
),
actual AS (
    SELECT transformer_id, max(kw) AS kw
    FROM windowed WHERE day = %(event_day)s
    GROUP BY transformer_id
)
INSERT INTO dr_transformer_relief (event_id, transformer_id, baseline_peak_kw, actual_peak_kw,
                                   relief_kw)
SELECT %(event_id)s, s.transformer_id, b.kw, a.kw, b.kw - a.kw
FROM scope AS s
LEFT JOIN baseline AS b USING (transformer_id)
LEFT JOIN actual AS a USING (transformer_id)
