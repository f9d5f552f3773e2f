-- Every message from a VEN: who it is (for ven_lookup) and when it was last seen.
UPDATE openadr_ven
SET last_seen_at = now()
WHERE ven_id = %(ven_id)s
RETURNING ven_id, ven_name, fingerprint, registration_id;
