-- Per participant and day (the candidate similar days and the event day): kWh in the window's
-- local hours, how many of them have a reading, and mean kW in the adjustment hours. The hours
-- read come as a list of timestamps with their local day and whether they are window hours, so
-- no row needs time zone arithmetic; only those instants are read (ts = ANY: the BRIN index
-- of migration 044 finds their blocks). Hourly kW readings = kWh. Into dr_measure_day.
-- Only sums and counts are aggregated (their states are plain numbers: avg's is an array per
-- group, which over a million groups made the hash table spill); the mean is taken after.
INSERT INTO dr_measure_day (customer_id, day, window_kwh, window_n, adjust_kw)
SELECT customer_id, day, window_kwh, window_n, adjust_kwh / nullif(n - window_n, 0)
FROM (
    SELECT r.customer_id, s.day,
           sum(r.kw::float8) FILTER (WHERE s.in_window) AS window_kwh,
           count(*) FILTER (WHERE s.in_window) AS window_n,
           sum(r.kw::float8) FILTER (WHERE NOT s.in_window) AS adjust_kwh,
           count(*) AS n
    FROM unnest(%(stamps)s::timestamptz[], %(stamp_days)s::date[],
                %(stamp_in_window)s::boolean[]) AS s (ts, day, in_window)
    JOIN customer_load_reading AS r
      ON r.ts = s.ts AND r.ts = ANY (%(stamps)s::timestamptz[])
    JOIN dr_measure AS p ON p.customer_id = r.customer_id
    GROUP BY r.customer_id, s.day
) AS days
