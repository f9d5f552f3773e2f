-- The hours the staged readings cover: [first, last + 1 hour), for the monthly partitions.
SELECT min(ts), max(ts) + interval '1 hour' FROM load_reading_staging
