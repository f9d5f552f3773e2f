-- The transformers to forecast, in id order (the first `limit` of them, or all with NULL).
SELECT id, capacity_kva
FROM transformer
ORDER BY id
LIMIT %(limit)s
