"""Notices: the transactional outbox, its texts, its channels and the delivery worker.

Business services (outage/, dr/) write notices with notify.outbox in their own transaction;
`gridops worker` (notify.worker.run_worker) delivers them; notify.report feeds the console.
"""
