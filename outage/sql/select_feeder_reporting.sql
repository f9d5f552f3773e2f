-- How many transformers of feeder %(feeder_id)s have reports within the window
-- [%(since)s, %(until)s] that are in an open incident — with the new report's transformer
-- %(transformer_id)s (the report is not stored yet) — and how many transformers the feeder has.
SELECT (SELECT count(*)
        FROM (SELECT r.transformer_id
              FROM fault_report AS r
              JOIN incident AS i ON i.id = r.incident_id
              WHERE r.feeder_id = %(feeder_id)s
                AND r.reported_at BETWEEN %(since)s AND %(until)s
                AND i.status IN ('suspected', 'confirmed', 'dispatched')
              UNION
              SELECT %(transformer_id)s::integer) AS reporting) AS reporting,
       (SELECT count(*) FROM transformer WHERE feeder_id = %(feeder_id)s) AS total
