-- Transformer load forecasts (forecasting/): one forecast_run per `gridops forecast run` or
-- `gridops forecast backtest`, and its results, deleted with the run.

CREATE TABLE forecast_run (
    id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('forecast', 'backtest')),
    model          text NOT NULL CHECK (length(model) BETWEEN 1 AND 100),
    parameters     jsonb NOT NULL DEFAULT '{}',
    data_cutoff    timestamptz,
    started_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz,
    status         text NOT NULL DEFAULT 'running'
                   CHECK (status IN ('running', 'done', 'failed')),
    transformers   integer NOT NULL DEFAULT 0 CHECK (transformers >= 0),
    insufficient   integer NOT NULL DEFAULT 0 CHECK (insufficient >= 0),
    metrics        jsonb NOT NULL DEFAULT '{}',
    error          text,
    CHECK ((status = 'running') = (finished_at IS NULL)),
    CHECK (status <> 'failed' OR error IS NOT NULL),
    CHECK (insufficient <= transformers)
);
CREATE INDEX forecast_run_latest_idx ON forecast_run (kind, finished_at DESC) WHERE status = 'done';

CREATE TABLE transformer_forecast (
    run_id                integer NOT NULL REFERENCES forecast_run (id) ON DELETE CASCADE,
    transformer_id        integer NOT NULL REFERENCES transformer (id) ON DELETE CASCADE,
    status                text NOT NULL CHECK (status IN ('ok', 'insufficient_data')),
    reason                text,
    peak_kva_p10          real,
    peak_kva_p50          real,
    peak_kva_p90          real,
    loading_pct           real CHECK (loading_pct >= 0),
    risk_class            text NOT NULL
                          CHECK (risk_class IN ('normal', 'watch', 'overload',
                                                'insufficient_data')),
    overload_probability  real CHECK (overload_probability BETWEEN 0 AND 1),
    first_overload_date   date,
    drivers               jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (run_id, transformer_id),
    -- an insufficient transformer says why and has no numbers; a forecast one has them all
    CHECK ((status = 'insufficient_data') = (risk_class = 'insufficient_data')),
    CHECK (status = 'ok' OR (reason IS NOT NULL AND peak_kva_p50 IS NULL)),
    CHECK (status = 'insufficient_data'
           OR (peak_kva_p10 IS NOT NULL AND peak_kva_p50 IS NOT NULL AND peak_kva_p90 IS NOT NULL
               AND loading_pct IS NOT NULL AND overload_probability IS NOT NULL)),
    CHECK (peak_kva_p10 <= peak_kva_p50 AND peak_kva_p50 <= peak_kva_p90)
);
CREATE INDEX transformer_forecast_risk_idx
    ON transformer_forecast (run_id, loading_pct DESC NULLS LAST);
CREATE INDEX transformer_forecast_transformer_idx ON transformer_forecast (transformer_id);

CREATE TABLE forecast_hourly (
    run_id          integer NOT NULL,
    transformer_id  integer NOT NULL,
    ts              timestamptz NOT NULL,
    kw_p10          real NOT NULL,
    kw_p50          real NOT NULL,
    kw_p90          real NOT NULL,
    PRIMARY KEY (run_id, transformer_id, ts),
    CHECK (kw_p10 <= kw_p50 AND kw_p50 <= kw_p90)
);

CREATE TABLE forecast_daily_peak (
    run_id          integer NOT NULL,
    transformer_id  integer NOT NULL,
    day             date NOT NULL,
    kw_p10          real NOT NULL,
    kw_p50          real NOT NULL,
    kw_p90          real NOT NULL,
    PRIMARY KEY (run_id, transformer_id, day),
    CHECK (kw_p10 <= kw_p50 AND kw_p50 <= kw_p90)
);

-- forecast_hourly and forecast_daily_peak hold a run's bulk (700,000 rows for 1,000
-- transformers). A foreign key to transformer_forecast checked each row one by one: 2/3 of the
-- COPY (1 million rows: 19.7 s with it, 6.9 s with the primary key alone). The run's writer
-- (forecasting/run_record.py) writes them after their transformer_forecast rows in one
-- transaction, and these statement triggers do what ON DELETE CASCADE did: a deleted
-- transformer_forecast row (directly, or cascaded from its run or its transformer) takes its
-- rows along, and a truncation (a new demo grid) empties them.
CREATE FUNCTION gridops_delete_forecast_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM forecast_hourly h USING deleted d
    WHERE h.run_id = d.run_id AND h.transformer_id = d.transformer_id;
    DELETE FROM forecast_daily_peak p USING deleted d
    WHERE p.run_id = d.run_id AND p.transformer_id = d.transformer_id;
    RETURN NULL;
END $$;

CREATE FUNCTION gridops_truncate_forecast_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE forecast_hourly, forecast_daily_peak;
    RETURN NULL;
END $$;

CREATE TRIGGER transformer_forecast_delete_rows
    AFTER DELETE ON transformer_forecast REFERENCING OLD TABLE AS deleted
    FOR EACH STATEMENT EXECUTE FUNCTION gridops_delete_forecast_rows();
CREATE TRIGGER transformer_forecast_truncate_rows
    AFTER TRUNCATE ON transformer_forecast
    FOR EACH STATEMENT EXECUTE FUNCTION gridops_truncate_forecast_rows();

CREATE TABLE backtest_metric (
    run_id   integer NOT NULL REFERENCES forecast_run (id) ON DELETE CASCADE,
    variant  text NOT NULL CHECK (variant IN ('full', 'no_appliances', 'per_series')),
    metric   text NOT NULL CHECK (length(metric) BETWEEN 1 AND 60),
    lead     integer NOT NULL CHECK (lead >= 0),  -- days ahead; 0 = over every lead
    value    double precision,
    PRIMARY KEY (run_id, variant, metric, lead)
);

COMMENT ON TABLE forecast_run IS
    'One forecast or backtest: model, parameters, data cut-off, timings and summary metrics';
COMMENT ON COLUMN transformer_forecast.drivers IS
    'kW contributed by each appliance type at the forecast 12-month peak hour';
