-- Apply an edit; fields left NULL keep their value. The revision rises when asked to.
UPDATE planned_outage SET
    title = coalesce(%(title)s, title),
    reason = coalesce(%(reason)s, reason),
    starts_at = coalesce(%(starts_at)s, starts_at),
    ends_at = coalesce(%(ends_at)s, ends_at),
    geom = coalesce(ST_GeomFromEWKB(%(area)s), geom),
    transformer_ids = coalesce(%(transformer_ids)s::integer[], transformer_ids),
    repair = coalesce(%(repair)s, repair),
    status = coalesce(%(status)s, status),
    revision = revision + CASE WHEN %(new_revision)s THEN 1 ELSE 0 END,
    published_at = CASE WHEN %(status)s = 'published' THEN now() ELSE published_at END,
    updated_at = now()
WHERE id = %(id)s
