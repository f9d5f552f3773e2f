-- The transformers of the demo's planned outage: the last feeder's first four transformers.
SELECT t.id
FROM transformer t
WHERE t.feeder_id = (SELECT max(id) FROM feeder)
ORDER BY t.id
LIMIT 4
