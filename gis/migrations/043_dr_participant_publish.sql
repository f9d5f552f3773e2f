-- Publishing a DR event writes one dr_participant row per enrolled customer in its target, in
-- the same statement as their dr_request notices (dr/sql/insert_requests.sql); 100,000 of them
-- must fit the 3 s publication budget. Per row, the three foreign keys (event, customer,
-- transformer) each ran an RI trigger and the UNIQUE btree on token_hash an insertion at a
-- random place: together about 80 % of the insert (bench/dr_publish.py measures each).
--
-- The participants come from one query over the enrolled customers of the event's target
-- (dr/sql/with_target_customers.sql joins customer and dr_enrolment) in the transaction that
-- holds the event locked, so their event, customer and transformer exist by construction —
-- as planned_outage keeps its customers as an array without a key. What the foreign keys did
-- besides checking is kept by statement-level triggers, once per statement instead of per row:
-- deleting or truncating an event, a customer (and with it, by their own keys, a transformer)
-- still removes the participants that name it. transformer_id is the customer's transformer
-- when the request was sent (customer.transformer_id cannot point at a missing transformer).
--
-- The response token is looked up through a hash index (one bucket probe; its insert costs about
-- half the btree's) without UNIQUE: a token has 244 random bits, so two never meet.

ALTER TABLE dr_participant
    DROP CONSTRAINT dr_participant_event_id_fkey,
    DROP CONSTRAINT dr_participant_customer_id_fkey,
    DROP CONSTRAINT dr_participant_transformer_id_fkey,
    DROP CONSTRAINT dr_participant_token_hash_key;
CREATE INDEX dr_participant_token_idx ON dr_participant USING hash (token_hash);
COMMENT ON COLUMN dr_participant.customer_id IS
    'an enrolled customer of the event''s target when it was published; no foreign key (see '
    'migration 043): deleting the customer deletes the row by trigger';

CREATE FUNCTION dr_participant_forget_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM dr_participant AS p USING gone WHERE p.event_id = gone.id;
    RETURN NULL;
END $$;
CREATE TRIGGER dr_event_deleted AFTER DELETE ON dr_event
    REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION dr_participant_forget_events();

CREATE FUNCTION dr_participant_forget_customers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM dr_participant AS p USING gone WHERE p.customer_id = gone.id;
    RETURN NULL;
END $$;
CREATE TRIGGER customer_deleted_dr_participant AFTER DELETE ON customer
    REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION dr_participant_forget_customers();

CREATE FUNCTION dr_participant_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE dr_participant;
    RETURN NULL;
END $$;
CREATE TRIGGER dr_event_truncated AFTER TRUNCATE ON dr_event
    FOR EACH STATEMENT EXECUTE FUNCTION dr_participant_truncate();
CREATE TRIGGER customer_truncated_dr_participant AFTER TRUNCATE ON customer
    FOR EACH STATEMENT EXECUTE FUNCTION dr_participant_truncate();
