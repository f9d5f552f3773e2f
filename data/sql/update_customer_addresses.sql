-- The staged addresses onto their customers, by account (an empty address clears it);
-- answers (rows written, of which replaced an address already stored).
WITH stored AS (
    SELECT count(*) AS n
    FROM customer_address_staging AS s JOIN customer AS c USING (account_no)
    WHERE c.address IS NOT NULL
),
written AS (
    UPDATE customer AS c SET address = s.address
    FROM customer_address_staging AS s
    WHERE c.account_no = s.account_no
    RETURNING 1
)
SELECT (SELECT count(*) FROM written), (SELECT n FROM stored)
