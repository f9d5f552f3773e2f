SELECT id, code, status FROM crew WHERE id = %(id)s FOR UPDATE
