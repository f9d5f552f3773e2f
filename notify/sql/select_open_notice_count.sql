-- Notices the worker still has to deal with (sent and dead are done).
SELECT count(*) FROM notice WHERE status IN ('pending', 'retrying', 'delivering')
