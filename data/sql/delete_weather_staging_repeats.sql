-- Staged temperatures whose hour an earlier row already gave: (row, first row); they leave the
-- staging table.
DELETE FROM weather_staging AS s
USING (SELECT row, min(row) OVER (PARTITION BY ts) AS first_row FROM weather_staging) AS f
WHERE s.row = f.row AND f.row > f.first_row
RETURNING s.row, f.first_row
