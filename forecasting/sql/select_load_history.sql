-- A transformer's hourly load in [since, until).
SELECT ts, kw
FROM load_reading
WHERE transformer_id = %(transformer_id)s AND ts >= %(since)s AND ts < %(until)s
ORDER BY ts
