-- Grid features matching what an operator typed, best first: an exact code or account, then a
-- code or account that starts with it, then a code that contains it (substation names too).
-- The parameters: exact is the text upper-cased; prefix and contains are LIKE patterns of it
-- with its own wildcards escaped; account and account_prefix the same, as typed (accounts are
-- matched by prefix only, case and all, so that the btree serves them). Addresses are matched
-- case-insensitively anywhere (ILIKE, through the trigram index of migration 059), as typed or
-- with its spaces taken out (address_contains, address_compact), only when address_search
-- holds (three word characters in a row or more: fewer make no trigram, and would read every
-- customer);
-- address ranks exact (address), then prefix (address_prefix), then contained, and among
-- those the closest (pg_trgm similarity) first.
-- Each feature comes with a point on it and a zoom to open the map at.
WITH found AS (
    SELECT 'substation' AS kind, s.id::bigint AS id, s.code, s.name AS label, s.geom AS point,
           16 AS zoom,
           CASE WHEN upper(s.code) = %(exact)s THEN 0
                WHEN upper(s.code) LIKE %(prefix)s THEN 1 ELSE 2 END AS rank,
           0::real AS closeness
    FROM substation s
    WHERE upper(s.code) LIKE %(contains)s OR upper(s.name) LIKE %(contains)s
    UNION ALL
    SELECT 'feeder', f.id, f.code, s.code, ST_ClosestPoint(f.geom, ST_Centroid(f.geom)), 15,
           CASE WHEN upper(f.code) = %(exact)s THEN 0
                WHEN upper(f.code) LIKE %(prefix)s THEN 1 ELSE 2 END, 0
    FROM feeder f JOIN substation s ON s.id = f.substation_id
    WHERE upper(f.code) LIKE %(contains)s
    UNION ALL
    SELECT 'transformer', t.id, t.code, f.code, t.geom, 18,
           CASE WHEN upper(t.code) = %(exact)s THEN 0
                WHEN upper(t.code) LIKE %(prefix)s THEN 1 ELSE 2 END, 0
    FROM transformer t JOIN feeder f ON f.id = t.feeder_id
    WHERE upper(t.code) LIKE %(contains)s
    UNION ALL
    (SELECT 'customer', c.id, c.account_no, t.code, c.geom, 19,
            CASE WHEN c.account_no = %(account)s THEN 0 ELSE 1 END, 0
     FROM customer c JOIN transformer t ON t.id = c.transformer_id
     WHERE c.account_no LIKE %(account_prefix)s
     ORDER BY c.account_no
     LIMIT %(limit)s)
    UNION ALL
    (SELECT 'address' AS kind, c.id, c.address AS code, c.account_no, c.geom, 19,
            CASE WHEN lower(c.address) = lower(%(address)s) THEN 0
                 WHEN c.address ILIKE %(address_prefix)s THEN 1 ELSE 2 END AS rank,
            similarity(c.address, %(address)s) AS closeness
     FROM customer c
     WHERE %(address_search)s
       AND (c.address ILIKE %(address_contains)s OR c.address ILIKE %(address_compact)s)
     ORDER BY rank, closeness DESC, code
     LIMIT %(limit)s)
)
SELECT kind, id, code, label, ST_X(point) AS lon, ST_Y(point) AS lat, zoom
FROM found
ORDER BY rank,
         CASE kind WHEN 'substation' THEN 0 WHEN 'feeder' THEN 1 WHEN 'transformer' THEN 2
                   WHEN 'customer' THEN 3 ELSE 4 END,
         closeness DESC,
         code
LIMIT %(limit)s
