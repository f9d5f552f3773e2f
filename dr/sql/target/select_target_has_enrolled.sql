-- Whether any customer enrolled in the program lies in the target (area or transformers).
SELECT EXISTS (
    SELECT 1
    FROM customer AS c
    JOIN dr_enrolment AS e ON e.program_id = %(program_id)s AND e.customer_id = c.id
    WHERE %(area)s::geometry IS NOT NULL AND ST_Covers(%(area)s::geometry, c.geom)
    UNION ALL
    SELECT 1
    FROM customer AS c
    JOIN dr_enrolment AS e ON e.program_id = %(program_id)s AND e.customer_id = c.id
    WHERE c.transformer_id = ANY (%(transformer_ids)s::int[])
)
