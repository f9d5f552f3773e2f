-- A DR event, locked for a change.
SELECT id, program_id, title, starts_at, ends_at, target_kw, ST_AsBinary(geom) AS area,
       transformer_ids, target_rule, status, modification_number, response_deadline
FROM dr_event
WHERE id = %(id)s
FOR UPDATE
