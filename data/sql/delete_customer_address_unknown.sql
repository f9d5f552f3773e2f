-- Staged addresses of an account no customer holds: (row, account_no); they leave the
-- staging table.
DELETE FROM customer_address_staging AS s
WHERE NOT EXISTS (SELECT 1 FROM customer AS c WHERE c.account_no = s.account_no)
RETURNING s.row, s.account_no
