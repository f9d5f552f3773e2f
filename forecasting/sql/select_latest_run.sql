-- The newest finished run of a kind.
SELECT id, kind, model, parameters, data_cutoff, started_at, finished_at, status, transformers,
       insufficient, metrics, error
FROM forecast_run
WHERE kind = %(kind)s AND status = 'done'
ORDER BY finished_at DESC, id DESC
LIMIT 1
