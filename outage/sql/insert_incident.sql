-- Open a suspected incident on a device, counting the customers behind it.
INSERT INTO incident (level, transformer_id, feeder_id, substation_id, rule, confidence,
                      customers_affected, opened_at, last_report_at)
SELECT %(level)s, %(transformer_id)s, %(feeder_id)s, %(substation_id)s, %(rule)s, 0,
       (SELECT count(*)
        FROM customer AS c
        WHERE c.transformer_id IN (
            SELECT t.id
            FROM transformer AS t
            JOIN feeder AS f ON f.id = t.feeder_id
            WHERE CASE %(level)s
                      WHEN 'transformer' THEN t.id = %(transformer_id)s
                      WHEN 'feeder' THEN t.feeder_id = %(feeder_id)s
                      ELSE f.substation_id = %(substation_id)s
                  END)),
       %(at)s, %(at)s
RETURNING id, customers_affected
