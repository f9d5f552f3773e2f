SELECT id, status, revision, starts_at, ends_at FROM planned_outage WHERE id = %(id)s FOR UPDATE
