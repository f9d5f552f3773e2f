-- Close a restored incident: its duration from opening, and customer-minutes interrupted
-- (customers affected × minutes, rounded to whole customer-minutes).
UPDATE incident SET
    status = 'restored',
    restored_at = %(now)s,
    duration_s = greatest(0, round(extract(epoch FROM %(now)s - opened_at)))::integer,
    customer_minutes = round(customers_affected
                             * greatest(0, extract(epoch FROM %(now)s - opened_at)) / 60)::bigint,
    updated_at = %(now)s
WHERE id = %(id)s
RETURNING duration_s, customer_minutes
