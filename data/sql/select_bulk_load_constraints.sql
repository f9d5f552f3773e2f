-- What slows a bulk load of the given tables and can be rebuilt after it, in restore order:
-- plain indexes and primary keys that no foreign key refers to, then foreign keys.
-- (kind, schema, table, name, definition); definitions as PostgreSQL prints them.
SELECT kind, schema_name, table_name, object_name, definition
FROM (
    SELECT 1 AS step, 'index' AS kind, n.nspname AS schema_name, t.relname AS table_name,
           i.relname AS object_name, pg_get_indexdef(x.indexrelid) AS definition
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE t.oid = ANY (%(tables)s::regclass[])
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
    UNION ALL
    SELECT CASE c.contype WHEN 'p' THEN 2 ELSE 3 END,
           CASE c.contype WHEN 'p' THEN 'primary_key' ELSE 'foreign_key' END,
           n.nspname, t.relname, c.conname, pg_get_constraintdef(c.oid)
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE c.conrelid = ANY (%(tables)s::regclass[])
      AND c.conparentid = 0
      AND (c.contype = 'f'
           OR (c.contype = 'p'
               AND NOT EXISTS (SELECT 1 FROM pg_constraint r WHERE r.confrelid = c.conrelid)))
) found
ORDER BY step, table_name, object_name
