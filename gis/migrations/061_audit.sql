-- The audit trail (issue 14 §5): one row per state change, written in the same transaction as
-- the change (identity/audit.py). `action` is the name of the permission the change needs
-- (planned_outage.publish, appliance_sales.import) or a sign-in's outcome (sign_in.success,
-- sign_in.failure); `actor` is what the trail shows (a username, a token's or crew link's name,
-- cli:<os user>); `summary` says what changed, without secrets (identity/audit.py drops them).
--
-- Rows are never updated or deleted: the trigger audit_event_append_only refuses UPDATE, DELETE
-- and TRUNCATE for every role. It lives in identity/sql/functions/audit_append_only.sql (with
-- its function), re-applied by every upgrade after the migrations, since the function files run
-- after the last pending migration and this migration cannot name a function not yet made.
-- Privileges alone would not hold here: the application connects as the table's owner, and an
-- owner may always update and delete its own table's rows. The owner (or a superuser) can still
-- drop or disable the trigger by DDL; that is a schema change, made by an operator, not by the
-- application, and a re-upgrade puts the trigger back.

CREATE TABLE audit_event (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    organisation_id integer NOT NULL DEFAULT 1 REFERENCES organisation (id),
    actor text NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    actor_kind text NOT NULL
        CHECK (actor_kind IN ('user', 'token', 'customer', 'crew_link', 'cli')),
    actor_id bigint,
    role text CHECK (length(role) <= 200),
    permission text CHECK (length(permission) <= 100),
    action text NOT NULL
        CHECK (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' AND length(action) <= 100),
    object_type text CHECK (object_type ~ '^[a-z][a-z0-9_]{0,63}$'),
    object_id text CHECK (length(object_id) BETWEEN 1 AND 200),
    summary jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(summary) = 'object'),
    client text CHECK (length(client) <= 100),
    request_id text CHECK (length(request_id) <= 200)
);

-- The audit page's and `gridops audit list`'s filters, each newest first by id (keyset paging).
CREATE INDEX audit_event_at ON audit_event (at);
CREATE INDEX audit_event_actor ON audit_event (actor, id);
CREATE INDEX audit_event_action ON audit_event (action, id);
CREATE INDEX audit_event_object ON audit_event (object_type, object_id, id);
