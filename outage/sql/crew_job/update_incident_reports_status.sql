-- Reports follow their incident's progress; those answered by a planned outage keep theirs.
UPDATE fault_report SET status = %(status)s
WHERE id = ANY (%(report_ids)s::bigint[]) AND status <> 'planned_outage'
