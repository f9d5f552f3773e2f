-- The interval factors (forecasting.interval_calibration) of the latest finished backtest that
-- measured each of %(metrics)s (the hourly band's and the 12-month daily peaks') on data that
-- ended at or before %(cutoff)s, the cut-off of the run that applies them.
SELECT DISTINCT ON (m.metric) m.metric, m.value, m.run_id
FROM backtest_metric m
JOIN forecast_run r ON r.id = m.run_id
WHERE r.status = 'done' AND m.variant = 'full' AND m.lead = 0 AND m.value IS NOT NULL
  AND m.metric = ANY (%(metrics)s::text[]) AND r.data_cutoff <= %(cutoff)s
ORDER BY m.metric, r.finished_at DESC, r.id DESC
