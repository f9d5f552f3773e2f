-- Store the staged sales; a (partner, partner_record_id) already stored is left alone, and
-- the answer lists those staged rows (row, partner, partner_record_id): the repeats.
WITH inserted AS (
    INSERT INTO appliance_sale (partner, partner_record_id, sold_at, appliance_type, rated_kw,
                                quantity, input_crs, input_lon, input_lat, geom,
                                supply_area_id, transformer_id)
    SELECT partner, partner_record_id, sold_at, appliance_type, rated_kw, quantity, input_crs,
           input_lon, input_lat, ST_SetSRID(ST_MakePoint(lon, lat), 4326), supply_area_id,
           transformer_id
    FROM appliance_sale_staging
    ORDER BY transformer_id, sold_at  -- neighbours together: the indexes grow in order
    ON CONFLICT (partner, partner_record_id) DO NOTHING
    RETURNING partner, partner_record_id
)
SELECT s.row, s.partner, s.partner_record_id
FROM appliance_sale_staging AS s
LEFT JOIN inserted AS i USING (partner, partner_record_id)
WHERE i.partner IS NULL
ORDER BY s.row
