-- M&V reads, of each participant, only the hours it needs (the window and adjustment hours of
-- the similar days and the event day: 44 of the 360 hours of a 15-day span for a 2-hour
-- event); dr/sql/insert_measure_days.sql and replace_event_hourly.sql ask for those instants
-- (ts = ANY). The key (customer_id, ts) cannot find an instant across customers, so without an
-- index leading with ts every M&V read the whole table, all its history included. Meters are
-- read hour by hour, so the table is written in time order: a BRIN index on ts (a few kB per
-- million readings, next to nothing to maintain) finds each hour's blocks. 32 pages a range:
-- about 6,000 readings, so an hour of 10,000 customers spans a couple of ranges, not a day.
-- With every hour of 15 days metered for 10,029 participants (3.6 million readings), M&V took
-- 1.03 s with it against 1.44 s without (medians of 2), the gap growing with the history kept.
CREATE INDEX customer_load_reading_ts_brin ON customer_load_reading
    USING brin (ts) WITH (pages_per_range = 32);
