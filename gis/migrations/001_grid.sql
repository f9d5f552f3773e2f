-- The grid: territory, substations, feeders, transformers, their supply areas, customers, crews.
-- Geometry is stored in EPSG:4326 (typmods enforce type and SRID); metres are measured with
-- geography or a local projected CRS.

CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE grid_source (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),
    kind        text NOT NULL CHECK (kind IN ('demo', 'pandapower', 'import')),
    name        text NOT NULL,
    parameters  jsonb NOT NULL DEFAULT '{}'::jsonb,
    loaded_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE grid_source IS 'What the grid tables hold now: one row, replaced by each load';

CREATE TABLE territory (
    id    integer PRIMARY KEY,
    name  text NOT NULL,
    geom  geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom))
);
CREATE INDEX territory_geom_idx ON territory USING gist (geom);

CREATE TABLE substation (
    id          integer PRIMARY KEY,
    code        text NOT NULL UNIQUE,
    name        text NOT NULL,
    voltage_kv  text NOT NULL DEFAULT '110/10',
    capacity_mva numeric(8, 1) NOT NULL CHECK (capacity_mva > 0),
    geom        geometry(Point, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX substation_geom_idx ON substation USING gist (geom);

CREATE TABLE feeder (
    id             integer PRIMARY KEY,
    code           text NOT NULL UNIQUE,
    substation_id  integer NOT NULL REFERENCES substation (id),
    voltage_kv     numeric(5, 1) NOT NULL DEFAULT 10 CHECK (voltage_kv > 0),
    geom           geometry(MultiLineString, 4326) NOT NULL
                   CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom))
);
CREATE INDEX feeder_geom_idx ON feeder USING gist (geom);
CREATE INDEX feeder_substation_idx ON feeder (substation_id);

CREATE TABLE transformer (
    id            integer PRIMARY KEY,
    code          text NOT NULL UNIQUE,
    feeder_id     integer NOT NULL REFERENCES feeder (id),
    capacity_kva  numeric(8, 1) NOT NULL CHECK (capacity_kva > 0),
    voltage_kv    text NOT NULL DEFAULT '10/0.4',
    geom          geometry(Point, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX transformer_geom_idx ON transformer USING gist (geom);
CREATE INDEX transformer_feeder_idx ON transformer (feeder_id);

CREATE TABLE supply_area (
    id              integer PRIMARY KEY,
    transformer_id  integer NOT NULL UNIQUE REFERENCES transformer (id),
    geom            geometry(MultiPolygon, 4326) NOT NULL
                    CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom))
);
CREATE INDEX supply_area_geom_idx ON supply_area USING gist (geom);

CREATE TABLE customer (
    id              bigint PRIMARY KEY,
    account_no      text NOT NULL UNIQUE,
    transformer_id  integer NOT NULL REFERENCES transformer (id),
    customer_type   text NOT NULL CHECK (customer_type IN ('residential', 'commercial', 'industrial')),
    contracted_kw   numeric(9, 2) NOT NULL CHECK (contracted_kw > 0),
    geom            geometry(Point, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX customer_geom_idx ON customer USING gist (geom);
CREATE INDEX customer_transformer_idx ON customer (transformer_id);

CREATE TABLE crew (
    id         integer PRIMARY KEY,
    code       text NOT NULL UNIQUE,
    name       text NOT NULL,
    size       smallint NOT NULL DEFAULT 2 CHECK (size > 0),
    status     text NOT NULL DEFAULT 'available'
               CHECK (status IN ('available', 'busy', 'off_duty')),
    home_base  geometry(Point, 4326) NOT NULL CHECK (ST_IsValid(home_base))
);
CREATE INDEX crew_home_base_idx ON crew USING gist (home_base);
