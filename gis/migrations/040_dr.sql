-- Demand response (dr/): programs, customers enrolled in them, events that target an area or
-- transformers with a window and a target reduction, and each enrolled customer's part in an
-- event (request token, response, baseline, actual load, reduction, incentive).
-- OpenADR 2.0b VENs are registered to a customer or a transformer; the VTN's own state
-- (registrations, reports, opt-ins) is kept in the openadr_* tables so a restart loses nothing.

CREATE TABLE dr_program (
    id                     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                   text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    incentive_per_kwh      numeric(10, 4) NOT NULL CHECK (incentive_per_kwh >= 0),
    max_events_per_month   integer NOT NULL CHECK (max_events_per_month BETWEEN 1 AND 100),
    notice_lead            interval NOT NULL CHECK (notice_lead >= interval '0'),
    max_duration           interval NOT NULL DEFAULT interval '4 hours'
                           CHECK (max_duration > interval '0'),
    active                 boolean NOT NULL DEFAULT true,
    created_at             timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dr_enrolment (
    program_id     integer NOT NULL REFERENCES dr_program (id) ON DELETE CASCADE,
    customer_id    bigint NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    pledged_kw     real CHECK (pledged_kw IS NULL OR pledged_kw > 0),
    enrolled_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (program_id, customer_id)
);
CREATE INDEX dr_enrolment_customer_idx ON dr_enrolment (customer_id);

CREATE TABLE dr_event (
    id                  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program_id          integer NOT NULL REFERENCES dr_program (id),
    title               text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    starts_at           timestamptz NOT NULL,
    ends_at             timestamptz NOT NULL,
    target_kw           real NOT NULL CHECK (target_kw > 0),
    geom                geometry(MultiPolygon, 4326)
                        CHECK (geom IS NULL OR (ST_IsValid(geom) AND NOT ST_IsEmpty(geom))),
    transformer_ids     integer[] NOT NULL DEFAULT '{}',
    target_rule         text NOT NULL DEFAULT '' CHECK (length(target_rule) <= 500),
    status              text NOT NULL DEFAULT 'draft'
                        CHECK (status IN ('draft', 'published', 'active', 'completed',
                                          'cancelled')),
    modification_number integer NOT NULL DEFAULT 0 CHECK (modification_number >= 0),
    response_deadline   timestamptz NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CHECK (response_deadline <= starts_at),
    CHECK (geom IS NOT NULL OR cardinality(transformer_ids) > 0)
);
CREATE INDEX dr_event_geom_idx ON dr_event USING gist (geom);
CREATE INDEX dr_event_window_idx ON dr_event (starts_at, ends_at);

CREATE TABLE dr_participant (
    event_id        integer NOT NULL REFERENCES dr_event (id) ON DELETE CASCADE,
    customer_id     bigint NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    transformer_id  integer NOT NULL REFERENCES transformer (id) ON DELETE CASCADE,
    token_hash      text NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    expected_kw     real NOT NULL DEFAULT 0 CHECK (expected_kw >= 0),
    response        text CHECK (response IN ('opt_in', 'opt_out')),
    responded_at    timestamptz,
    baseline_kwh    real,
    actual_kwh      real,
    reduction_kwh   real,
    incentive       numeric(12, 2),
    PRIMARY KEY (event_id, customer_id),
    CHECK ((response IS NULL) = (responded_at IS NULL))
);
CREATE INDEX dr_participant_transformer_idx ON dr_participant (event_id, transformer_id);
COMMENT ON COLUMN dr_participant.token_hash IS
    'sha256 of the per-recipient response token sent in the dr_request notice; never the token';

-- Metered load of enrolled customers (hourly kW), for baselines and measurement.
CREATE TABLE customer_load_reading (
    customer_id  bigint NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    ts           timestamptz NOT NULL,
    kw           real NOT NULL CHECK (kw >= 0),
    PRIMARY KEY (customer_id, ts)
);

-- OpenADR 2.0b: VENs registered to a customer or a transformer, and the VTN's state.
CREATE TABLE openadr_ven (
    ven_id            text PRIMARY KEY CHECK (length(ven_id) BETWEEN 1 AND 200),
    ven_name          text NOT NULL UNIQUE CHECK (length(ven_name) BETWEEN 1 AND 200),
    customer_id       bigint REFERENCES customer (id) ON DELETE CASCADE,
    transformer_id    integer REFERENCES transformer (id) ON DELETE CASCADE,
    registration_id   text UNIQUE,
    fingerprint       text,
    resource_ids      text[] NOT NULL DEFAULT '{}',
    registered_at     timestamptz,
    last_seen_at      timestamptz,
    CHECK (customer_id IS NOT NULL OR transformer_id IS NOT NULL)
);

CREATE TABLE openadr_opt (
    event_id     integer NOT NULL REFERENCES dr_event (id) ON DELETE CASCADE,
    ven_id       text NOT NULL REFERENCES openadr_ven (ven_id) ON DELETE CASCADE,
    opt_type     text NOT NULL CHECK (opt_type IN ('optIn', 'optOut')),
    modification_number integer NOT NULL DEFAULT 0,
    at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, ven_id)
);
