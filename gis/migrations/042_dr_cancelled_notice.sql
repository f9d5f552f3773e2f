-- A new notice kind, dr_cancelled: a published DR event that is called off tells every
-- participant (dr/event.py cancel), as outage_cancelled does for planned outages.
-- The kind checks of notice and external_endpoint are replaced by the same list plus the new
-- kind (a CHECK cannot be extended in place); the notice check is added NOT VALID and then
-- validated, so the scan of the outbox runs without blocking writers to it.

ALTER TABLE notice DROP CONSTRAINT notice_kind_check;
ALTER TABLE notice ADD CONSTRAINT notice_kind_check
    CHECK (kind IN ('fault_received', 'fault_progress', 'outage_notice', 'outage_update',
                    'outage_cancelled', 'outage_reminder', 'dr_request', 'dr_result',
                    'dr_cancelled', 'job_assigned')) NOT VALID;
ALTER TABLE notice VALIDATE CONSTRAINT notice_kind_check;

ALTER TABLE external_endpoint DROP CONSTRAINT external_endpoint_kinds_check;
ALTER TABLE external_endpoint ADD CONSTRAINT external_endpoint_kinds_check
    CHECK (kinds <@ ARRAY['fault_received', 'fault_progress', 'outage_notice', 'outage_update',
                          'outage_cancelled', 'outage_reminder', 'dr_request', 'dr_result',
                          'dr_cancelled', 'job_assigned']);
