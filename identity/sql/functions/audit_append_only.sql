-- The audit trail is append-only (migration 061): UPDATE, DELETE and TRUNCATE of audit_event
-- raise, whoever runs them, the table's owner included (the application connects as the owner,
-- so privileges alone would not stop it). One statement-level trigger covers the three, so
-- even a statement touching no row is refused. CREATE OR REPLACE TRIGGER (PostgreSQL 14+)
-- lets every upgrade apply this file again: a trigger dropped by hand comes back.
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'audit rows are never updated or deleted';
END;
$$;

CREATE OR REPLACE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
