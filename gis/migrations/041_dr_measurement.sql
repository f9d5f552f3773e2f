-- Demand response measurement and verification (dr/measurement.py): one row per measured event
-- (the method used and the totals) and the peak relief on each transformer it targeted.

CREATE TABLE dr_event_measurement (
    event_id        integer PRIMARY KEY REFERENCES dr_event (id) ON DELETE CASCADE,
    measured_at     timestamptz NOT NULL DEFAULT now(),
    method          jsonb NOT NULL,
    participants    integer NOT NULL,
    measured        integer NOT NULL,
    baseline_kwh    real NOT NULL,
    actual_kwh      real NOT NULL,
    reduction_kwh   real NOT NULL,
    incentive       numeric(14, 2) NOT NULL
);

CREATE TABLE dr_transformer_relief (
    event_id          integer NOT NULL REFERENCES dr_event (id) ON DELETE CASCADE,
    transformer_id    integer NOT NULL REFERENCES transformer (id) ON DELETE CASCADE,
    baseline_peak_kw  real,
    actual_peak_kw    real,
    relief_kw         real,
    PRIMARY KEY (event_id, transformer_id)
);

-- Hourly sums over the event's participants: the chart of baseline against actual.
CREATE TABLE dr_event_hourly (
    event_id      integer NOT NULL REFERENCES dr_event (id) ON DELETE CASCADE,
    ts            timestamptz NOT NULL,
    baseline_kw   real NOT NULL,
    actual_kw     real NOT NULL,
    PRIMARY KEY (event_id, ts)
);
