UPDATE crew_job SET status = %(status)s, updated_at = %(now)s WHERE id = %(id)s
