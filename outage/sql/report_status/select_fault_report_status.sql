-- What a reporter may see of its own report, by its status link: the id a signed token names
-- (notify/link_token.py) or the sha256 of a random token made before migration 051:
-- the report, its incident's level, status and times, and the planned outage it fell in.
-- Nothing about other reports, customers or crews.
SELECT r.id, r.status, r.channel, r.reported_at, r.received_at, r.location_method,
       r.incident_id, i.level AS incident_level, i.status AS incident_status,
       i.opened_at AS incident_opened_at, i.estimated_restoration_at,
       i.restored_at, o.id AS planned_outage_id, o.title AS planned_outage_title,
       o.reason AS planned_outage_reason, o.starts_at AS planned_outage_starts_at,
       o.ends_at AS planned_outage_ends_at, o.status AS planned_outage_status
FROM fault_report AS r
LEFT JOIN incident AS i ON i.id = r.incident_id
LEFT JOIN planned_outage AS o ON o.id = r.planned_outage_id
WHERE r.id = %(id)s OR r.public_token = %(token_hash)s
