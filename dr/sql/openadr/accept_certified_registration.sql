-- oadrCreatePartyRegistration over HTTPS: a pre-registered VEN is given (or keeps) its
-- registration only when its client certificate is the one registered for its name. One row
-- for a known name: its ven_id, the registration (NULL when refused) and the registered
-- fingerprint; no row for an unknown name.
WITH ven AS (
    SELECT ven_id, fingerprint, fingerprint = %(fingerprint)s AS certified
    FROM openadr_ven
    WHERE ven_name = %(ven_name)s
    FOR UPDATE
), accepted AS (
    UPDATE openadr_ven
    SET registration_id = coalesce(openadr_ven.registration_id, %(registration_id)s),
        registered_at = coalesce(openadr_ven.registered_at, now()),
        last_seen_at = now()
    FROM ven
    WHERE openadr_ven.ven_id = ven.ven_id AND ven.certified
    RETURNING openadr_ven.ven_id, openadr_ven.registration_id
)
SELECT ven.ven_id, accepted.registration_id, ven.fingerprint
FROM ven
LEFT JOIN accepted USING (ven_id);
