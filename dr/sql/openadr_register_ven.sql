-- Pre-register a VEN (by its name) to a customer or a transformer; registering the same name
-- again moves it and keeps its ven_id and any registration it already holds.
INSERT INTO openadr_ven (ven_id, ven_name, customer_id, transformer_id)
VALUES (%(ven_id)s, %(ven_name)s, %(customer_id)s, %(transformer_id)s)
ON CONFLICT (ven_name) DO UPDATE
SET customer_id = EXCLUDED.customer_id,
    transformer_id = EXCLUDED.transformer_id
RETURNING ven_id;
