-- Staged addresses whose account an earlier row already gave: (row, first row); they leave
-- the staging table.
DELETE FROM customer_address_staging AS s
USING (
    SELECT row, min(row) OVER (PARTITION BY account_no) AS first_row
    FROM customer_address_staging
) AS f
WHERE s.row = f.row AND f.row > f.first_row
RETURNING s.row, f.first_row
