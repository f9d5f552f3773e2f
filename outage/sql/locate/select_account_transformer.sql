-- The transformer an account is connected to, the customer's own point, and how far the
-- reported point %(lon)s, %(lat)s lies from that transformer (metres on the spheroid).
SELECT a.id AS supply_area_id, c.transformer_id, t.feeder_id, f.substation_id,
       ST_X(c.geom) AS customer_lon, ST_Y(c.geom) AS customer_lat,
       ST_Distance(t.geom::geography,
                   ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography) AS distance_m
FROM customer AS c
JOIN transformer AS t ON t.id = c.transformer_id
JOIN feeder AS f ON f.id = t.feeder_id
LEFT JOIN supply_area AS a ON a.transformer_id = c.transformer_id
WHERE c.account_no = %(account_no)s
