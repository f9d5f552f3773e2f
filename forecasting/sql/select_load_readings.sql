-- Hourly load of the chosen transformers in [since, cutoff): one row per transformer whose
-- bytea packs (UTC hour since 1970 as int4, kW as float4) per reading, big-endian, in no
-- particular order. A row per reading crossed into Python one by one (9 s for 8.8 million);
-- packed on the server it is one bytes object per transformer for numpy.
SELECT transformer_id,
       string_agg(int4send(floor(date_part('epoch', ts) / 3600)::int4) || float4send(kw), ''::bytea)
FROM load_reading
WHERE ts >= %(since)s AND ts < %(cutoff)s AND transformer_id = ANY(%(ids)s)
GROUP BY transformer_id
