-- Store a located fault report in its planned outage or its incident, inferring the incident:
-- one call of outage_infer (outage/sql/functions/outage_infer.sql). The casts pick the
-- function's parameter types whatever Python type a value arrives as.
SELECT *
FROM outage_infer(
    public_token => %(public_token)s::text,
    channel => %(channel)s::text,
    input_crs => %(input_crs)s::text,
    input_lon => %(input_lon)s::double precision,
    input_lat => %(input_lat)s::double precision,
    lon => %(lon)s::double precision,
    lat => %(lat)s::double precision,
    account_no => %(account_no)s::text,
    description => %(description)s::text,
    reported_at => %(reported_at)s::timestamptz,
    received_at => %(received_at)s::timestamptz,
    transformer_id => %(transformer_id)s::integer,
    supply_area_id => %(supply_area_id)s::integer,
    feeder_id => %(feeder_id)s::integer,
    substation_id => %(substation_id)s::integer,
    location_method => %(location_method)s::text,
    distance_m => %(distance_m)s::double precision,
    location_conflict => %(location_conflict)s::text,
    idempotency_key => %(idempotency_key)s::text,
    request_hash => %(request_hash)s::text,
    located_lon => %(located_lon)s::double precision,
    located_lat => %(located_lat)s::double precision,
    incident_window => %(incident_window)s::interval,
    feeder_min_transformers => %(feeder_min_transformers)s::integer,
    feeder_min_share => %(feeder_min_share)s::double precision,
    substation_min_feeders => %(substation_min_feeders)s::integer,
    window_label => %(window_label)s::text,
    share_label => %(share_label)s::text)
