-- A draft DR event; its id.
INSERT INTO dr_event (program_id, title, starts_at, ends_at, target_kw, geom, transformer_ids,
                      target_rule, response_deadline)
VALUES (%(program_id)s, %(title)s, %(starts_at)s, %(ends_at)s, %(target_kw)s,
        ST_Multi(%(area)s::geometry), %(transformer_ids)s, %(target_rule)s,
        %(response_deadline)s)
RETURNING id
