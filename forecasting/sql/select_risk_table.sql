-- Transformers of a run by risk: the most loaded first, insufficient data last.
SELECT f.transformer_id, t.code, t.feeder_id, t.capacity_kva::double precision,
       ST_X(t.geom), ST_Y(t.geom), f.status, f.reason, f.peak_kva_p10, f.peak_kva_p50,
       f.peak_kva_p90, f.loading_pct, f.risk_class, f.overload_probability,
       f.first_overload_date, f.drivers
FROM transformer_forecast f
JOIN transformer t ON t.id = f.transformer_id
WHERE f.run_id = %(run_id)s AND f.risk_class = ANY(%(classes)s)
ORDER BY f.loading_pct DESC NULLS LAST, f.transformer_id
LIMIT %(limit)s
