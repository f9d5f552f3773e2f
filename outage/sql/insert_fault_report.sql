-- Store a located fault report under the id select_report_id_and_planned_outage.sql gave it,
-- in its planned outage or in the incident it joins (its contact goes to
-- fault_report_contact, never here).
INSERT INTO fault_report (
    id, public_token, channel, input_crs, input_lon, input_lat, geom, account_no, customer_id,
    description, reported_at, received_at, transformer_id, supply_area_id, feeder_id,
    substation_id, location_method, distance_m, location_conflict, planned_outage_id, status,
    idempotency_key, request_hash, incident_id)
OVERRIDING SYSTEM VALUE
VALUES (
    %(id)s, %(public_token)s, %(channel)s, %(input_crs)s, %(input_lon)s, %(input_lat)s,
    ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326), %(account_no)s,
    (SELECT id FROM customer WHERE account_no = %(account_no)s),
    %(description)s, %(reported_at)s, %(received_at)s, %(transformer_id)s, %(supply_area_id)s,
    %(feeder_id)s, %(substation_id)s, %(location_method)s, %(distance_m)s,
    %(location_conflict)s, %(planned_outage_id)s, %(status)s, %(idempotency_key)s,
    %(request_hash)s, %(incident_id)s)
