-- Change a DR event; NULL leaves a field as it is.
UPDATE dr_event
SET title = coalesce(%(title)s, title),
    starts_at = coalesce(%(starts_at)s, starts_at),
    ends_at = coalesce(%(ends_at)s, ends_at),
    target_kw = coalesce(%(target_kw)s, target_kw),
    response_deadline = coalesce(%(response_deadline)s, response_deadline),
    status = coalesce(%(status)s, status),
    modification_number = modification_number + CASE WHEN %(modified)s THEN 1 ELSE 0 END,
    updated_at = now()
WHERE id = %(id)s
