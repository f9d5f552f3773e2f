-- The demo's customers answer an event: 65 %% opt in, 15 %% opt out, the rest stay silent;
-- 85 %% of those who opted in cut their load in the window by 25-50 %%, the others do not.
-- The cut also comes off their transformers' metered load. Returns nothing.
WITH answered AS (
    UPDATE dr_participant AS p
    SET response = CASE WHEN a.draw < 0.65 THEN 'opt_in' WHEN a.draw < 0.80 THEN 'opt_out' END,
        responded_at = CASE WHEN a.draw < 0.80 THEN e.response_deadline - interval '1 hour' END
    FROM (SELECT customer_id, random() AS draw
          FROM dr_participant WHERE event_id = %(event_id)s) AS a,
         dr_event AS e
    WHERE p.event_id = %(event_id)s AND p.customer_id = a.customer_id AND e.id = p.event_id
    RETURNING p.customer_id, p.transformer_id, p.response
),
complier AS (
    SELECT customer_id, transformer_id, 0.25 + 0.25 * random() AS cut
    FROM answered
    WHERE response = 'opt_in' AND random() < 0.85
),
cut AS (
    UPDATE customer_load_reading AS r
    SET kw = (r.kw * (1 - c.cut))::real
    FROM complier AS c, dr_event AS e
    WHERE e.id = %(event_id)s AND r.customer_id = c.customer_id
      AND r.ts >= e.starts_at AND r.ts < e.ends_at
    RETURNING c.transformer_id, r.ts, r.kw * c.cut / (1 - c.cut) AS shed_kw
),
per_transformer AS (
    SELECT transformer_id, ts, sum(shed_kw) AS shed_kw FROM cut GROUP BY 1, 2
)
UPDATE load_reading AS l
SET kw = greatest(0, l.kw - t.shed_kw)::real
FROM per_transformer AS t
WHERE l.transformer_id = t.transformer_id AND l.ts = t.ts
