-- Finding a place on the map by what an operator types: a device code (any part of it) or the
-- start of an account number. Codes are matched upper-cased, anywhere in the code, through
-- trigram indexes (pg_trgm: LIKE '%…%' uses them from three characters); accounts by prefix,
-- through a btree in text_pattern_ops (the database's collation is not C, so the unique index
-- on account_no cannot serve LIKE 'prefix%').

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX substation_code_trgm_idx ON substation USING gin (upper(code) gin_trgm_ops);
CREATE INDEX feeder_code_trgm_idx ON feeder USING gin (upper(code) gin_trgm_ops);
CREATE INDEX transformer_code_trgm_idx ON transformer USING gin (upper(code) gin_trgm_ops);
CREATE INDEX customer_account_no_prefix_idx ON customer (account_no text_pattern_ops);
