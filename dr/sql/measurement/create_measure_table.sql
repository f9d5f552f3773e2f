-- The session's scratch tables of one measurement: per participant and day its totals; and
-- per participant the days its baseline averages, the unadjusted baseline and the same-day
-- adjustment (kWh), and the actual kWh. dr_measure_day has no key: it is written once, in one
-- statement from a GROUP BY (unique by construction), and only ever read whole by hash joins
-- and sorts; its primary key cost as much to maintain as the readings' pass took to compute.
DROP TABLE IF EXISTS pg_temp.dr_measure, pg_temp.dr_measure_day;
CREATE TEMP TABLE dr_measure_day (
    customer_id  bigint NOT NULL,
    day          date NOT NULL,
    window_kwh   double precision,
    window_n     integer NOT NULL,
    adjust_kw    double precision
);
CREATE TEMP TABLE dr_measure (
    customer_id     bigint PRIMARY KEY,
    transformer_id  integer NOT NULL,
    days            date[],
    unadjusted_kwh  double precision,
    adjustment_kwh  double precision NOT NULL,
    actual_kwh      double precision
)
