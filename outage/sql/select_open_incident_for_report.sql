-- The open incident (suspected, confirmed, dispatched; not absorbed) a new report behind
-- transformer %(transformer_id)s joins: its substation's, else its feeder's, else its own.
-- Restored and rejected incidents are never joined.
--
-- One branch per level, each on an index of its device (a substation incident has no feeder:
-- feeder_id IS NULL on incident_feeder_idx), not on incident_open_idx: every report moves its
-- incident's last_report_at, so in a storm that index fills with dead versions of the few
-- open incidents, and a scan of it grew with every report taken under the substation lock.
SELECT id, level
FROM (
    SELECT id, level, 0 AS rank
    FROM incident
    WHERE feeder_id IS NULL AND level = 'substation' AND substation_id = %(substation_id)s
      AND absorbed_into IS NULL AND status IN ('suspected', 'confirmed', 'dispatched')
    UNION ALL
    SELECT id, level, 1
    FROM incident
    WHERE feeder_id = %(feeder_id)s AND level = 'feeder' AND substation_id = %(substation_id)s
      AND absorbed_into IS NULL AND status IN ('suspected', 'confirmed', 'dispatched')
    UNION ALL
    SELECT id, level, 2
    FROM incident
    WHERE transformer_id = %(transformer_id)s AND level = 'transformer'
      AND substation_id = %(substation_id)s
      AND absorbed_into IS NULL AND status IN ('suspected', 'confirmed', 'dispatched')
) AS open_incident
ORDER BY rank, id
LIMIT 1
