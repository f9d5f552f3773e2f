-- Staged transformers whose id an earlier row already gave: (row, first row); they leave the
-- staging table.
DELETE FROM transformer_staging AS s
USING (
    SELECT row, min(row) OVER (PARTITION BY id) AS first_row FROM transformer_staging
) AS f
WHERE s.row = f.row AND f.row > f.first_row
RETURNING s.row, f.first_row
