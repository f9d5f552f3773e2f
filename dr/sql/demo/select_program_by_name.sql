-- A DR program by its name.
SELECT id FROM dr_program WHERE name = %(name)s
