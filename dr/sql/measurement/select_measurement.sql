-- An event's M&V totals, its transformers' relief and its hourly sums (JSON arrays).
SELECT m.measured_at, m.method, m.participants, m.measured, m.baseline_kwh, m.actual_kwh,
       m.reduction_kwh, m.incentive,
       coalesce((SELECT json_agg(json_build_object(
                    'transformer_id', r.transformer_id, 'code', t.code,
                    'baseline_peak_kw', r.baseline_peak_kw, 'actual_peak_kw', r.actual_peak_kw,
                    'relief_kw', r.relief_kw) ORDER BY r.relief_kw DESC NULLS LAST)
                 FROM dr_transformer_relief AS r JOIN transformer AS t ON t.id = r.transformer_id
                 WHERE r.event_id = m.event_id), '[]'::json),
       coalesce((SELECT json_agg(json_build_object(
                    'ts', h.ts, 'baseline_kw', h.baseline_kw, 'actual_kw', h.actual_kw)
                    ORDER BY h.ts)
                 FROM dr_event_hourly AS h WHERE h.event_id = m.event_id), '[]'::json)
FROM dr_event_measurement AS m
WHERE m.event_id = %(event_id)s
