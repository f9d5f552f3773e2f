SELECT variant, metric, lead, value
FROM backtest_metric
WHERE run_id = %(run_id)s
ORDER BY variant, metric, lead
