-- Customers served by each feeder, as the grid is loaded now (customers carry no dates of
-- connection), for the reliability indices.
SELECT t.feeder_id, count(*) AS customers
FROM customer c JOIN transformer t ON t.id = c.transformer_id
GROUP BY t.feeder_id
