-- An incident's confidence: it rises with its reports and with the distinct transformers
-- behind them, 1 - 0.7^reports x 0.6^(transformers - 1), at most 0.99 (one report and one
-- transformer at least counted).
CREATE OR REPLACE FUNCTION outage_confidence(reports bigint, transformers bigint) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT round(least(0.99, 1 - power(0.7, greatest(reports, 1))
                                 * power(0.6, greatest(transformers - 1, 0)))::numeric, 3)
$$;
