-- Faults: reports from customers' phones, the incidents (inferred outages) they are grouped
-- into, and the crew jobs that restore them, with a timeline of job events.
--
-- A report keeps its point as received (and its CRS) and the WGS-84 point it was located by.
-- Its contact is private: it lives in fault_report_contact, read only by the notice worker
-- (notice recipient_type 'reporter', recipient_id = fault_report.id).

CREATE TABLE incident (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    level               text NOT NULL CHECK (level IN ('transformer', 'feeder', 'substation')),
    transformer_id      integer REFERENCES transformer (id),
    feeder_id           integer REFERENCES feeder (id),
    substation_id       integer NOT NULL REFERENCES substation (id),
    status              text NOT NULL DEFAULT 'suspected'
                        CHECK (status IN ('suspected', 'confirmed', 'dispatched', 'restored',
                                          'rejected')),
    rule                text NOT NULL CHECK (length(rule) BETWEEN 1 AND 500),
    confidence          numeric(4, 3) NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    evidence            jsonb NOT NULL DEFAULT '{}'::jsonb,
    customers_affected  integer NOT NULL DEFAULT 0 CHECK (customers_affected >= 0),
    absorbed_into       bigint REFERENCES incident (id),
    opened_at           timestamptz NOT NULL,
    last_report_at      timestamptz NOT NULL,
    confirmed_at        timestamptz,
    dispatched_at       timestamptz,
    restored_at         timestamptz,
    estimated_restoration_at timestamptz,
    duration_s          integer CHECK (duration_s >= 0),
    customer_minutes    bigint CHECK (customer_minutes >= 0),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (level <> 'transformer' OR (transformer_id IS NOT NULL AND feeder_id IS NOT NULL)),
    CHECK (level <> 'feeder' OR feeder_id IS NOT NULL),
    CHECK ((status = 'restored') = (restored_at IS NOT NULL))
);
CREATE INDEX incident_open_idx ON incident (status, last_report_at)
    WHERE status IN ('suspected', 'confirmed', 'dispatched');
CREATE INDEX incident_transformer_idx ON incident (transformer_id);
CREATE INDEX incident_feeder_idx ON incident (feeder_id);
COMMENT ON TABLE incident IS
    'An inferred outage: the device (transformer, feeder or substation) thought to be out, '
    'with its evidence (reports, devices, the rule that fired) and a confidence';

CREATE TABLE incident_event (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id  bigint NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    kind         text NOT NULL
                 CHECK (kind IN ('opened', 'report', 'escalated', 'absorbed', 'confirmed',
                                 'dispatched', 'job', 'restored', 'rejected')),
    detail       text NOT NULL DEFAULT '' CHECK (length(detail) <= 2000),
    at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_event_incident_idx ON incident_event (incident_id, at);
COMMENT ON TABLE incident_event IS 'The timeline of an incident, as the console shows it';

CREATE TABLE fault_report (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_token        text NOT NULL UNIQUE CHECK (length(public_token) BETWEEN 16 AND 64),
    channel             text NOT NULL CHECK (channel IN ('wechat', 'app', 'web', 'phone')),
    input_crs           text NOT NULL CHECK (input_crs IN ('WGS84', 'GCJ02', 'BD09')),
    input_lon           double precision NOT NULL,
    input_lat           double precision NOT NULL,
    geom                geometry(Point, 4326) NOT NULL CHECK (ST_IsValid(geom)),
    account_no          text CHECK (length(account_no) BETWEEN 1 AND 40),
    customer_id         bigint REFERENCES customer (id),
    description         text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    reported_at         timestamptz NOT NULL,
    received_at         timestamptz NOT NULL DEFAULT now(),
    transformer_id      integer NOT NULL REFERENCES transformer (id),
    supply_area_id      integer REFERENCES supply_area (id),
    feeder_id           integer NOT NULL REFERENCES feeder (id),
    substation_id       integer NOT NULL REFERENCES substation (id),
    location_method     text NOT NULL
                        CHECK (location_method IN ('within', 'nearest', 'account')),
    distance_m          double precision NOT NULL DEFAULT 0 CHECK (distance_m >= 0),
    location_conflict   text,
    planned_outage_id   integer REFERENCES planned_outage (id),
    incident_id         bigint REFERENCES incident (id),
    status              text NOT NULL DEFAULT 'received'
                        CHECK (status IN ('received', 'planned_outage', 'in_incident',
                                          'dispatched', 'restored', 'rejected')),
    idempotency_key     text UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    request_hash        text,
    answer              jsonb
);
CREATE INDEX fault_report_geom_idx ON fault_report USING gist (geom);
CREATE INDEX fault_report_incident_idx ON fault_report (incident_id);
CREATE INDEX fault_report_recent_idx ON fault_report (transformer_id, reported_at);
CREATE INDEX fault_report_feeder_recent_idx ON fault_report (feeder_id, reported_at);
COMMENT ON COLUMN fault_report.public_token IS
    'unguessable id in the reporter''s status link; never listed';
COMMENT ON COLUMN fault_report.answer IS
    'the 201 answer, returned again for a repeated Idempotency-Key';

CREATE TABLE fault_report_contact (
    fault_report_id  bigint PRIMARY KEY REFERENCES fault_report (id) ON DELETE CASCADE,
    contact          text NOT NULL CHECK (length(contact) BETWEEN 1 AND 200),
    channel          text NOT NULL CHECK (channel IN ('webhook', 'email', 'mqtt', 'file')),
    address          text NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
    language         text NOT NULL DEFAULT 'zh-CN' CHECK (language IN ('zh-CN', 'en'))
);
COMMENT ON TABLE fault_report_contact IS
    'How a reporter is reached (as given, and the notice channel and address); private';

CREATE TABLE crew_job (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id     bigint NOT NULL REFERENCES incident (id),
    crew_id         integer NOT NULL REFERENCES crew (id),
    crew_token      text NOT NULL UNIQUE CHECK (length(crew_token) BETWEEN 20 AND 64),
    status          text NOT NULL DEFAULT 'assigned'
                    CHECK (status IN ('assigned', 'accepted', 'en_route', 'on_site',
                                      'restored', 'cancelled')),
    assigned_by     text NOT NULL DEFAULT 'dispatcher',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX crew_job_open_per_incident_idx ON crew_job (incident_id)
    WHERE status NOT IN ('restored', 'cancelled');
CREATE INDEX crew_job_crew_idx ON crew_job (crew_id, status);
COMMENT ON COLUMN crew_job.crew_token IS 'unguessable token of the crew link; never listed';

CREATE TABLE job_event (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id      bigint NOT NULL REFERENCES crew_job (id) ON DELETE CASCADE,
    status      text NOT NULL
                CHECK (status IN ('assigned', 'accepted', 'en_route', 'on_site', 'restored',
                                  'cancelled')),
    note        text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    position    geometry(Point, 4326) CHECK (position IS NULL OR ST_IsValid(position)),
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_event_job_idx ON job_event (job_id, at);

-- Notices reach reporters too: their contact is in fault_report_contact.
ALTER TABLE notice DROP CONSTRAINT notice_recipient_type_check;
ALTER TABLE notice ADD CONSTRAINT notice_recipient_type_check
    CHECK (recipient_type IN ('customer', 'crew', 'external', 'reporter'));
