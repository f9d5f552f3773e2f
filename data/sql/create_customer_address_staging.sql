-- The checked addresses of one import (row = its row in the file), before the update.
CREATE TEMPORARY TABLE customer_address_staging (
    row         integer NOT NULL,
    account_no  text NOT NULL,
    address     text
) ON COMMIT DROP
