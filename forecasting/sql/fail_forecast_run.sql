-- A run failed: its partial results are gone (rolled back) and the error is kept.
UPDATE forecast_run
SET status = 'failed', finished_at = clock_timestamp(), error = %(error)s
WHERE id = %(run_id)s
