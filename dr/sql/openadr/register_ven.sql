-- Pre-register a VEN (by its name) to a customer or a transformer, with the fingerprint of its
-- certificate when given; registering the same name again moves it and keeps its ven_id, any
-- registration it already holds, and its fingerprint unless a new one is given.
INSERT INTO openadr_ven (ven_id, ven_name, customer_id, transformer_id, fingerprint)
VALUES (%(ven_id)s, %(ven_name)s, %(customer_id)s, %(transformer_id)s, %(fingerprint)s)
ON CONFLICT (ven_name) DO UPDATE
SET customer_id = EXCLUDED.customer_id,
    transformer_id = EXCLUDED.transformer_id,
    fingerprint = coalesce(EXCLUDED.fingerprint, openadr_ven.fingerprint)
RETURNING ven_id;
