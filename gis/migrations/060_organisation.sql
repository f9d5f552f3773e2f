-- Organisations: every staff user, API token and audit row belongs to one (issue 14 §7). Today
-- there is one, the grid company that runs the platform (code 'grid', id 1, made here); a later
-- issue hosts retail electricity companies as organisations of their own, each seeing only its
-- own customers.

CREATE TABLE organisation (
    id serial PRIMARY KEY,
    code text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9_-]{0,31}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO organisation (id, code, name) VALUES (1, 'grid', 'Grid company');
SELECT setval(pg_get_serial_sequence('organisation', 'id'), 1);
