-- The publication's staging table, done with.
DROP TABLE pg_temp.dr_request_incoming
