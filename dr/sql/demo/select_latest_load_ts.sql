-- The newest transformer reading.
SELECT max(ts) FROM transformer_latest_load
