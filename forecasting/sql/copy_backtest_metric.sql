COPY backtest_metric (run_id, variant, metric, lead, value) FROM STDIN
