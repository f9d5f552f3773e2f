-- The hour after the newest reading: forecasts start there. transformer_latest_load (kept
-- after each load) answers at once; the scan of load_reading is the fallback.
SELECT coalesce((SELECT max(ts) FROM transformer_latest_load),
                (SELECT max(ts) FROM load_reading)) + interval '1 hour'
