-- Which of the picked transformer ids do not exist.
SELECT array_agg(t.id ORDER BY t.id)
FROM unnest(%(transformer_ids)s::integer[]) AS t(id)
WHERE NOT EXISTS (SELECT 1 FROM transformer WHERE transformer.id = t.id)
