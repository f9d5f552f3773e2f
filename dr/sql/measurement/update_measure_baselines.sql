-- Baselines of an event's participants: among the candidate similar days (%(days)s, the same
-- kind of day as the event's: workday, or weekend/holiday), the %(similar_days)s most recent
-- with a complete window of readings; of those, the %(highest)s with the most kWh in the
-- window's hours; their mean window kWh is the baseline. The same-day adjustment (additive)
-- is the event day's mean kW in the adjustment hours minus that of the baseline days, times
-- the window's hours, capped at +/- %(cap)s of the baseline.
WITH recent AS (
    SELECT customer_id, day, window_kwh, adjust_kw,
           row_number() OVER (PARTITION BY customer_id ORDER BY day DESC) AS recency
    FROM dr_measure_day
    WHERE day = ANY (%(days)s::date[]) AND window_n = %(hours)s
),
highest AS (
    SELECT customer_id, day, window_kwh, adjust_kw,
           row_number() OVER (PARTITION BY customer_id ORDER BY window_kwh DESC, day DESC)
               AS rank
    FROM recent
    WHERE recency <= %(similar_days)s
),
baseline AS (
    SELECT customer_id, avg(window_kwh) AS window_kwh, avg(adjust_kw) AS adjust_kw,
           array_agg(day ORDER BY day) AS days
    FROM highest
    WHERE rank <= %(highest)s
    GROUP BY customer_id
),
event_day AS (
    SELECT customer_id, window_kwh, window_n, adjust_kw
    FROM dr_measure_day
    WHERE day = %(event_day)s
)
UPDATE dr_measure AS m
SET days = x.days, unadjusted_kwh = x.unadjusted_kwh, adjustment_kwh = x.adjustment_kwh,
    actual_kwh = x.actual_kwh
FROM (
    SELECT p.customer_id, b.days, b.window_kwh AS unadjusted_kwh,
           CASE WHEN %(adjust)s AND e.adjust_kw IS NOT NULL AND b.adjust_kw IS NOT NULL
                THEN greatest(-%(cap)s * b.window_kwh,
                              least(%(cap)s * b.window_kwh,
                                    (e.adjust_kw - b.adjust_kw) * %(hours)s))
                ELSE 0 END AS adjustment_kwh,
           CASE WHEN e.window_n = %(hours)s THEN e.window_kwh END AS actual_kwh
    FROM dr_measure AS p
    LEFT JOIN baseline AS b USING (customer_id)
    LEFT JOIN event_day AS e USING (customer_id)
) AS x
WHERE x.customer_id = m.customer_id
