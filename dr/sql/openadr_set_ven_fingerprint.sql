-- The fingerprint of the certificate a VEN must present (and sign with) over HTTPS, given
-- outside OpenADR by whoever registers the VEN.
UPDATE openadr_ven
SET fingerprint = %(fingerprint)s
WHERE ven_id = %(ven_id)s
RETURNING ven_id;
