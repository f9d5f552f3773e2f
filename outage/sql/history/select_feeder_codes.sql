-- Every feeder's id and code, by code.
SELECT id, code FROM feeder ORDER BY code
