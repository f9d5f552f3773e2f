-- bench/dr_publish.py, the 041 way: after dr/sql/target/with_target_customers.sql, each enrolled
-- customer in the target with its channel, brought to Python (as dr.target.target_customers did
-- before dr/sql/request/insert_requests.sql wrote the requests in one statement).
SELECT t.customer_id, t.transformer_id, t.expected_kw,
       coalesce(cc.channel, %(default_channel)s) AS channel,
       coalesce(cc.language, %(default_language)s) AS language,
       t.transformer_kw
FROM target AS t
LEFT JOIN customer_contact AS cc ON cc.customer_id = t.customer_id AND cc.preferred
ORDER BY t.customer_id
