-- One audit row, in the caller's transaction (identity/audit.py record).
INSERT INTO audit_event (organisation_id, actor, actor_kind, actor_id, role, permission, action,
                         object_type, object_id, summary, client, request_id)
VALUES (%(organisation_id)s, %(actor)s, %(actor_kind)s, %(actor_id)s, %(role)s, %(permission)s,
        %(action)s, %(object_type)s, %(object_id)s, %(summary)s::jsonb, %(client)s,
        %(request_id)s)
RETURNING id
