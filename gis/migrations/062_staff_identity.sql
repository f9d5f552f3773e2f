-- Staff identity (issue 14 §1-2): staff users of an organisation, the roles they hold, their
-- server-side sessions and the sign-in failures that throttle guessing.
--
-- Roles are rows of a small table (staff_role) that staff_user_role references, rather than a
-- CHECK on text: a role added later is one INSERT in a new migration, not a constraint dropped
-- and made again, and the database itself lists the roles it accepts. What a role may do (its
-- permissions) is not stored: identity/permissions.py defines it once, and a test holds this
-- table's names equal to the roles defined there.

CREATE TABLE staff_role (
    name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z_]{0,39}$')
);

INSERT INTO staff_role (name) VALUES
    ('viewer'), ('dispatcher'), ('senior_dispatcher'), ('planner'), ('dr_operator'),
    ('customer_service'), ('admin'), ('field_crew');

CREATE TABLE staff_user (
    id serial PRIMARY KEY,
    organisation_id integer NOT NULL DEFAULT 1 REFERENCES organisation (id),
    username text NOT NULL CHECK (username ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$'),
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    password_hash text NOT NULL,  -- argon2id, in its PHC string form ($argon2id$v=19$...)
    disabled_at timestamptz,  -- set: the user cannot sign in and has no session
    created_at timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz NOT NULL DEFAULT now()
);

-- One user per name whatever its case: "Ops" and "ops" are one account (the sign-in lookup).
CREATE UNIQUE INDEX staff_user_username_key ON staff_user (lower(username));

CREATE TABLE staff_user_role (
    user_id integer NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
    role text NOT NULL REFERENCES staff_role (name),
    PRIMARY KEY (user_id, role)
);

-- A signed-in browser. The cookie holds an opaque random id; only its SHA-256 is kept here, so
-- whoever reads this table (a backup, a replica) cannot sign in with what it finds.
CREATE TABLE staff_session (
    id bytea PRIMARY KEY CHECK (length(id) = 32),  -- sha256 of the cookie's value
    user_id integer NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,  -- the idle timeout counts from here
    expires_at timestamptz NOT NULL,  -- the absolute timeout, fixed at sign-in
    client text,  -- the client's address at sign-in
    user_agent text CHECK (length(user_agent) <= 500),
    revoked_at timestamptz  -- signed out (this session, or every session of the user)
);

-- "Sign out everywhere": the user's live sessions.
CREATE INDEX staff_session_user_idx ON staff_session (user_id) WHERE revoked_at IS NULL;

-- One row per failed sign-in, for the throttles per account and per client address; the
-- account is the name as typed (lower-cased), whether or not such a user exists, so that the
-- throttle does not tell an unknown name from a known one. Rows older than the window go.
CREATE TABLE sign_in_failure (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL,
    username text NOT NULL,
    client text
);

CREATE INDEX sign_in_failure_username_idx ON sign_in_failure (username, at);
CREATE INDEX sign_in_failure_client_idx ON sign_in_failure (client, at);
CREATE INDEX sign_in_failure_at_idx ON sign_in_failure (at);
