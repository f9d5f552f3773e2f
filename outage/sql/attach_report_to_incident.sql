-- A report joins an incident.
UPDATE fault_report
SET incident_id = %(incident_id)s, status = 'in_incident'
WHERE id = %(report_id)s
