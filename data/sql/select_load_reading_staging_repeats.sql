-- Staged readings whose transformer and hour an earlier row already gave: (row, first row).
SELECT row, first_row
FROM (
    SELECT row, min(row) OVER (PARTITION BY transformer_id, ts) AS first_row
    FROM load_reading_staging
) AS s
WHERE row > first_row
ORDER BY row
