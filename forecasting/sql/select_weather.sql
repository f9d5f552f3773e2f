-- Hourly temperature in [since, cutoff).
SELECT ts, temperature_c
FROM weather_reading
WHERE ts >= %(since)s AND ts < %(cutoff)s
ORDER BY ts
