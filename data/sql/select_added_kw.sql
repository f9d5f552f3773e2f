-- Cumulative connected kW added by sales per transformer and appliance type, one row per local
-- day with sales (a step function); only sales before %(until)s; every transformer when
-- %(ids)s is NULL.
SELECT transformer_id, day, appliance_type,
       sum(kw) OVER (PARTITION BY transformer_id, appliance_type ORDER BY day)::float8
           AS cumulative_kw
FROM (
    SELECT transformer_id, (sold_at AT TIME ZONE %(zone)s)::date AS day, appliance_type,
           sum(rated_kw::float8 * quantity) AS kw
    FROM appliance_sale
    WHERE sold_at < %(until)s
      AND (%(ids)s::integer[] IS NULL OR transformer_id = ANY (%(ids)s::integer[]))
    GROUP BY 1, 2, 3
) AS daily
ORDER BY transformer_id, appliance_type, day
