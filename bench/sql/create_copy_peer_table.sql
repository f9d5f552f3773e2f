-- A bare copy of load_reading's columns for the COPY format comparison (dropped at commit).
CREATE TEMP TABLE copy_peer (LIKE load_reading) ON COMMIT DROP
