-- After with_target_customers.sql: per targeted transformer, its enrolled customers, their
-- expected kW, its window load, code and capacity.
SELECT t.transformer_id, tr.code, tr.capacity_kva::float8, count(*)::int,
       sum(t.expected_kw)::float8, max(t.transformer_kw)::float8
FROM target AS t
JOIN transformer AS tr ON tr.id = t.transformer_id
GROUP BY t.transformer_id, tr.code, tr.capacity_kva
