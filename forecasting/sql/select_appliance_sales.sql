-- Rated kW sold per transformer, type and hour before the cut-off.
SELECT transformer_id, date_trunc('hour', sold_at) AS hour, appliance_type,
       sum(rated_kw * quantity)::double precision AS kw
FROM appliance_sale
WHERE sold_at < %(cutoff)s AND transformer_id = ANY(%(ids)s)
GROUP BY 1, 2, 3
