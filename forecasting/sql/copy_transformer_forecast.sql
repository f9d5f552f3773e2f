COPY transformer_forecast (run_id, transformer_id, status, reason, peak_kva_p10, peak_kva_p50,
                           peak_kva_p90, loading_pct, risk_class, overload_probability,
                           first_overload_date, drivers)
FROM STDIN
