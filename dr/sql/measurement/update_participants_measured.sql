-- Baseline, actual, reduction and incentive per participant from dr_measure. A reduction is
-- the adjusted baseline minus the actual; negative ones are kept only when %(allow_negative)s.
-- The incentive pays the positive reduction at the program's rate, except to those who opted
-- out. A participant without a baseline or a complete window of readings stays unmeasured.
UPDATE dr_participant AS p
SET baseline_kwh = (m.unadjusted_kwh + m.adjustment_kwh)::real,
    actual_kwh = m.actual_kwh::real,
    reduction_kwh = CASE
        WHEN %(allow_negative)s THEN m.unadjusted_kwh + m.adjustment_kwh - m.actual_kwh
        ELSE greatest(0, m.unadjusted_kwh + m.adjustment_kwh - m.actual_kwh) END::real,
    incentive = CASE
        WHEN m.unadjusted_kwh IS NULL OR m.actual_kwh IS NULL THEN NULL
        WHEN p.response = 'opt_out' THEN 0
        ELSE round((greatest(0, m.unadjusted_kwh + m.adjustment_kwh - m.actual_kwh)
                    * pr.incentive_per_kwh)::numeric, 2) END
FROM dr_measure AS m, dr_event AS e, dr_program AS pr
WHERE p.event_id = %(event_id)s AND m.customer_id = p.customer_id
  AND e.id = p.event_id AND pr.id = e.program_id
