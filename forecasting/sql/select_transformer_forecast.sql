-- One transformer's forecast summary in a run, with its capacity and the run's cut-off.
SELECT f.transformer_id, t.code, t.feeder_id, t.capacity_kva::double precision,
       ST_X(t.geom), ST_Y(t.geom), f.status, f.reason, f.peak_kva_p10, f.peak_kva_p50,
       f.peak_kva_p90, f.loading_pct, f.risk_class, f.overload_probability,
       f.first_overload_date, f.drivers, r.data_cutoff
FROM transformer_forecast f
JOIN transformer t ON t.id = f.transformer_id
JOIN forecast_run r ON r.id = f.run_id
WHERE f.run_id = %(run_id)s AND f.transformer_id = %(transformer_id)s
