-- A customer's postal address, so that the search box finds a place by it as well (layers/
-- search.py). Nullable: the rows stored before this migration have none until the demo is
-- loaded again or an import fills it. Matched case-insensitively anywhere in the text (ILIKE
-- '%…%') through a trigram index, as 058 matches the device codes; pg_trgm reads Chinese
-- characters as word characters in a UTF-8 database, so 玉林路 is one trigram.

ALTER TABLE customer ADD COLUMN address text;

CREATE INDEX customer_address_trgm_idx ON customer USING gin (address gin_trgm_ops);
