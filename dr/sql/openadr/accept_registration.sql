-- oadrCreatePartyRegistration over plain HTTP from a pre-registered VEN: keep the registration
-- it already holds (a VEN re-registering after a restart of either side), or store the new one.
-- Its registered fingerprint stays as it is (plain HTTP shows no certificate).
UPDATE openadr_ven
SET registration_id = coalesce(registration_id, %(registration_id)s),
    registered_at = coalesce(registered_at, now()),
    last_seen_at = now()
WHERE ven_name = %(ven_name)s
RETURNING ven_id, registration_id;
