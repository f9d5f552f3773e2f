-- The fault reports of an incident and of every incident absorbed into it (at any depth):
-- their reporters hear of its progress.
WITH RECURSIVE family AS (
    SELECT %(incident_id)s::bigint AS id
    UNION
    SELECT i.id FROM incident AS i JOIN family ON i.absorbed_into = family.id
)
SELECT array_agg(r.id ORDER BY r.id) FROM fault_report AS r JOIN family ON r.incident_id = family.id
