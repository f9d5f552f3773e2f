-- Announced planned outages affecting a customer account whose window overlaps the range.
SELECT o.id, o.title, o.reason, o.starts_at, o.ends_at, o.status
FROM planned_outage o
JOIN customer c ON c.id = ANY (o.customer_ids)
WHERE c.account_no = %(account_no)s
  AND o.status IN ('published', 'in_progress')
  AND o.ends_at > %(from_ts)s AND o.starts_at < %(to_ts)s
ORDER BY o.starts_at, o.id
