-- Staged transformers whose code (given, or TR<id> for a new one) another transformer holds,
-- stored or earlier in the file: (row, code, other id); they leave the staging table.
WITH wanted AS (
    SELECT s.row, s.id,
           coalesce(s.code, t.code, 'TR' || lpad(s.id::text, 5, '0')) AS code
    FROM transformer_staging AS s
    LEFT JOIN transformer AS t ON t.id = s.id
),
conflict AS (
    SELECT w.row, w.code, coalesce(t.id, earlier.id) AS other
    FROM wanted AS w
    LEFT JOIN transformer AS t ON t.code = w.code AND t.id <> w.id
         AND t.id NOT IN (SELECT id FROM transformer_staging)
    LEFT JOIN LATERAL (
        SELECT e.id FROM wanted AS e WHERE e.code = w.code AND e.row < w.row LIMIT 1
    ) AS earlier ON true
    WHERE t.id IS NOT NULL OR earlier.id IS NOT NULL
)
DELETE FROM transformer_staging AS s
USING conflict AS c
WHERE s.row = c.row
RETURNING c.row, c.code, c.other
