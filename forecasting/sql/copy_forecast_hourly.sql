COPY forecast_hourly (run_id, transformer_id, ts, kw_p10, kw_p50, kw_p90) FROM STDIN (FORMAT binary)
