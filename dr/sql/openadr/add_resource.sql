-- oadrRegisterReport: remember the resources a VEN reports on (for targets by resource_id).
UPDATE openadr_ven
SET resource_ids = array_append(resource_ids, %(resource_id)s)
WHERE ven_id = %(ven_id)s AND NOT (%(resource_id)s = ANY (resource_ids));
