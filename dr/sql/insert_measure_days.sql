-- Per participant and day (the candidate similar days and the event day): kWh in the window's
-- local hours, how many of them have a reading, and mean kW in the adjustment hours. The hours
-- read come as a list of timestamps with their local day and whether they are window hours, so
-- no row needs time zone arithmetic. Hourly kW readings = kWh. Into dr_measure_day.
INSERT INTO dr_measure_day (customer_id, day, window_kwh, window_n, adjust_kw)
SELECT r.customer_id, s.day,
       sum(r.kw) FILTER (WHERE s.in_window),
       count(*) FILTER (WHERE s.in_window),
       avg(r.kw) FILTER (WHERE NOT s.in_window)
FROM unnest(%(stamps)s::timestamptz[], %(stamp_days)s::date[],
            %(stamp_in_window)s::boolean[]) AS s (ts, day, in_window)
JOIN customer_load_reading AS r
  ON r.ts = s.ts AND r.ts >= %(from_ts)s AND r.ts < %(to_ts)s
JOIN dr_measure AS p ON p.customer_id = r.customer_id
GROUP BY r.customer_id, s.day
