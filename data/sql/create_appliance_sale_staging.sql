-- The checked and located sales of one import, before they meet the stored ones
-- (lon/lat WGS-84; input_* as received). Dropped by the import, or at commit at the latest.
CREATE TEMPORARY TABLE appliance_sale_staging (
    row                integer NOT NULL,
    partner            text NOT NULL,
    partner_record_id  text NOT NULL,
    sold_at            timestamptz NOT NULL,
    appliance_type     text NOT NULL,
    rated_kw           real NOT NULL,
    quantity           integer NOT NULL,
    input_crs          text NOT NULL,
    input_lon          double precision NOT NULL,
    input_lat          double precision NOT NULL,
    lon                double precision NOT NULL,
    lat                double precision NOT NULL,
    supply_area_id     integer,
    transformer_id     integer NOT NULL
) ON COMMIT DROP
