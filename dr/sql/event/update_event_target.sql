-- A draft's new target: a drawn area or transformers, and the rule that chose them.
UPDATE dr_event
SET geom = ST_Multi(%(area)s::geometry),
    transformer_ids = %(transformer_ids)s,
    target_rule = %(target_rule)s,
    updated_at = now()
WHERE id = %(id)s
