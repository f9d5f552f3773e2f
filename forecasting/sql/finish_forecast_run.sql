-- A run ends: done with its counts and metrics (timings included).
UPDATE forecast_run
SET status = 'done', finished_at = clock_timestamp(), transformers = %(transformers)s,
    insufficient = %(insufficient)s, metrics = %(metrics)s, model = %(model)s
WHERE id = %(run_id)s
