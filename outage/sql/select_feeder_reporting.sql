-- How many transformers of feeder %(feeder_id)s have reports within the window
-- [%(since)s, %(until)s] that are in an open incident (or are the new report %(report_id)s),
-- and how many transformers the feeder has.
SELECT (SELECT count(DISTINCT r.transformer_id)
        FROM fault_report AS r
        LEFT JOIN incident AS i ON i.id = r.incident_id
        WHERE r.feeder_id = %(feeder_id)s
          AND r.reported_at BETWEEN %(since)s AND %(until)s
          AND (r.id = %(report_id)s
               OR i.status IN ('suspected', 'confirmed', 'dispatched'))) AS reporting,
       (SELECT count(*) FROM transformer WHERE feeder_id = %(feeder_id)s) AS total
