-- oadrCancelPartyRegistration: the VEN stays pre-registered but must register again.
UPDATE openadr_ven
SET registration_id = NULL,
    registered_at = NULL
WHERE ven_id = %(ven_id)s AND registration_id = %(registration_id)s
RETURNING ven_id;
