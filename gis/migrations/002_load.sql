-- Hourly transformer load, partitioned by month, and hourly temperature of the territory.

CREATE TABLE load_reading (
    transformer_id  integer NOT NULL REFERENCES transformer (id) ON DELETE CASCADE,
    ts              timestamptz NOT NULL,
    kw              real NOT NULL CHECK (kw >= 0),
    PRIMARY KEY (transformer_id, ts)
) PARTITION BY RANGE (ts);

CREATE TABLE load_reading_default PARTITION OF load_reading DEFAULT;

-- One partition per calendar month (UTC) covering [from_ts, to_ts).
CREATE FUNCTION gridops_ensure_load_partitions(from_ts timestamptz, to_ts timestamptz)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    month_start timestamptz := date_trunc('month', from_ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    created integer := 0;
    part_name text;
BEGIN
    WHILE month_start < to_ts LOOP
        part_name := format('load_reading_y%sm%s',
                            to_char(month_start AT TIME ZONE 'UTC', 'YYYY'),
                            to_char(month_start AT TIME ZONE 'UTC', 'MM'));
        IF to_regclass(part_name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF load_reading FOR VALUES FROM (%L) TO (%L)',
                           part_name, month_start, month_start + interval '1 month');
            created := created + 1;
        END IF;
        month_start := month_start + interval '1 month';
    END LOOP;
    RETURN created;
END $$;

-- The newest reading per transformer, kept for the map (refreshed after each load).
CREATE TABLE transformer_latest_load (
    transformer_id  integer PRIMARY KEY REFERENCES transformer (id) ON DELETE CASCADE,
    ts              timestamptz NOT NULL,
    kw              real NOT NULL
);

CREATE TABLE weather_reading (
    ts             timestamptz PRIMARY KEY,
    temperature_c  real NOT NULL CHECK (temperature_c BETWEEN -60 AND 60)
);
