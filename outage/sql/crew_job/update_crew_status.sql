UPDATE crew SET status = %(status)s WHERE id = %(id)s
