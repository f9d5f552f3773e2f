-- Appliance sales from partners (retailers, e-commerce, installers), each located to the
-- supply area its point falls in: the added connected kW per transformer and type over time
-- that drives the load forecasts (forecasting/).

CREATE TABLE appliance_sale (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner            text NOT NULL CHECK (length(partner) BETWEEN 1 AND 100),
    partner_record_id  text NOT NULL CHECK (length(partner_record_id) BETWEEN 1 AND 200),
    sold_at            timestamptz NOT NULL,
    appliance_type     text NOT NULL
                       CHECK (appliance_type IN ('air_conditioner', 'ev_charger',
                                                 'electric_water_heater', 'heat_pump',
                                                 'induction_cooker', 'other')),
    rated_kw           real NOT NULL CHECK (rated_kw > 0 AND rated_kw <= 1000),
    quantity           integer NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 1 AND 100000),
    input_crs          text NOT NULL DEFAULT 'WGS84'
                       CHECK (input_crs IN ('WGS84', 'GCJ02', 'BD09')),
    input_lon          double precision NOT NULL,
    input_lat          double precision NOT NULL,
    geom               geometry(Point, 4326) NOT NULL CHECK (ST_IsValid(geom)),
    supply_area_id     integer REFERENCES supply_area (id) ON DELETE CASCADE,
    transformer_id     integer NOT NULL REFERENCES transformer (id) ON DELETE CASCADE,
    imported_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (partner, partner_record_id)
);
CREATE INDEX appliance_sale_transformer_idx ON appliance_sale (transformer_id, sold_at);
CREATE INDEX appliance_sale_geom_idx ON appliance_sale USING gist (geom);
COMMENT ON TABLE appliance_sale IS
    'One partner record: quantity appliances of one type and rating sold at a place and time';
