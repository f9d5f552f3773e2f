-- Per participant results of an event, for the CSV export.
SELECT p.customer_id, c.account_no, t.code AS transformer_code, p.response, p.responded_at,
       p.expected_kw, p.baseline_kwh, p.actual_kwh, p.reduction_kwh, p.incentive
FROM dr_participant AS p
JOIN customer AS c ON c.id = p.customer_id
JOIN transformer AS t ON t.id = p.transformer_id
WHERE p.event_id = %(event_id)s
ORDER BY p.customer_id
