-- Enrol a deterministic share of all customers (by a hash of id and seed); one in four of them
-- pledges 30 %% of its contracted kW. Returns how many were enrolled.
INSERT INTO dr_enrolment (program_id, customer_id, pledged_kw)
SELECT %(program_id)s, c.id,
       CASE WHEN abs(hashint8(c.id + %(seed)s)) %% 4 = 0
            THEN round(c.contracted_kw * 0.3, 1)::real END
FROM customer AS c
WHERE abs(hashint8(c.id * 7919 + %(seed)s)) %% 10000 < %(share_basis_points)s
ON CONFLICT (program_id, customer_id) DO NOTHING
