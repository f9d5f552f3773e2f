SELECT day, kw_p10, kw_p50, kw_p90
FROM forecast_daily_peak
WHERE run_id = %(run_id)s AND transformer_id = %(transformer_id)s
ORDER BY day
