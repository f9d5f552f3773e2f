-- The open incident (suspected, confirmed, dispatched; not absorbed) a new report behind
-- transformer %(transformer_id)s joins: its substation's, else its feeder's, else its own.
-- Restored and rejected incidents are never joined.
SELECT id, level
FROM incident
WHERE absorbed_into IS NULL
  AND status IN ('suspected', 'confirmed', 'dispatched')
  AND substation_id = %(substation_id)s
  AND ((level = 'substation')
       OR (level = 'feeder' AND feeder_id = %(feeder_id)s)
       OR (level = 'transformer' AND transformer_id = %(transformer_id)s))
ORDER BY CASE level WHEN 'substation' THEN 0 WHEN 'feeder' THEN 1 ELSE 2 END, id
LIMIT 1
