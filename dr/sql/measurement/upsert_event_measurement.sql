-- The event's M&V totals over its participants.
INSERT INTO dr_event_measurement (event_id, measured_at, method, participants, measured,
                                  baseline_kwh, actual_kwh, reduction_kwh, incentive)
SELECT %(event_id)s, %(now)s, %(method)s, count(*),
       count(*) FILTER (WHERE reduction_kwh IS NOT NULL),
       coalesce(sum(baseline_kwh) FILTER (WHERE reduction_kwh IS NOT NULL), 0),
       coalesce(sum(actual_kwh) FILTER (WHERE reduction_kwh IS NOT NULL), 0),
       coalesce(sum(reduction_kwh), 0),
       coalesce(sum(incentive), 0)
FROM dr_participant
WHERE event_id = %(event_id)s
ON CONFLICT (event_id) DO UPDATE
SET measured_at = EXCLUDED.measured_at, method = EXCLUDED.method,
    participants = EXCLUDED.participants, measured = EXCLUDED.measured,
    baseline_kwh = EXCLUDED.baseline_kwh, actual_kwh = EXCLUDED.actual_kwh,
    reduction_kwh = EXCLUDED.reduction_kwh, incentive = EXCLUDED.incentive
