COPY forecast_daily_peak (run_id, transformer_id, day, kw_p10, kw_p50, kw_p90)
FROM STDIN (FORMAT binary)
