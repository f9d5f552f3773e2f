-- Issue 12 §7: a token that grants something (a DR answer, a report's status, a crew's job) is
-- never stored readable. Links now carry tokens signed with the server's link key
-- (notify/link_token.py), made when a notice is sent: no row needs one. The random tokens
-- handed out before stay valid by their sha256, which is all that is kept of them now; notice
-- payloads lose their links (rebuilt at send time from the ids they hold), the texts kept of
-- sent notices their tokens, and the answers kept for Idempotency-Key replays their links.

ALTER TABLE fault_report ALTER COLUMN public_token DROP NOT NULL;
UPDATE fault_report
SET public_token = encode(sha256(convert_to(public_token, 'UTF8')), 'hex')
WHERE public_token IS NOT NULL;
UPDATE fault_report SET answer = answer - 'status_url' WHERE answer ? 'status_url';
COMMENT ON COLUMN fault_report.public_token IS
    'sha256 (hex) of a status token made before migration 051; NULL since: status links are '
    'signed (notify/link_token.py)';

ALTER TABLE crew_job ALTER COLUMN crew_token DROP NOT NULL;
UPDATE crew_job
SET crew_token = encode(sha256(convert_to(crew_token, 'UTF8')), 'hex')
WHERE crew_token IS NOT NULL;
COMMENT ON COLUMN crew_job.crew_token IS
    'sha256 (hex) of a crew token made before migration 051; NULL since: crew links are signed';

ALTER TABLE dr_participant ALTER COLUMN token_hash DROP NOT NULL;
COMMENT ON COLUMN dr_participant.token_hash IS
    'sha256 of a response token made before migration 051; NULL since: response links are '
    'signed (notify/link_token.py); never the token';

UPDATE notice SET payload = payload - 'respond_url'
WHERE kind = 'dr_request' AND payload ? 'respond_url';
UPDATE notice SET payload = payload - 'map_path'
WHERE kind = 'job_assigned' AND payload ? 'map_path';
UPDATE notice
SET body = regexp_replace(body, '(/public/dr/|/crew/jobs/|/public/reports/)[A-Za-z0-9_.-]{16,}',
                          '\1<token>', 'g')
WHERE kind IN ('dr_request', 'job_assigned', 'fault_received', 'fault_progress')
  AND body ~ '(/public/dr/|/crew/jobs/|/public/reports/)[A-Za-z0-9_.-]{16,}';

-- Issue 12 §7 (SSRF): a reporter's contact is never a URL any more; those filed before (an
-- anonymous reporter choosing where the worker POSTs) are forgotten, so their notices die
-- with "no webhook address on file" instead of being sent there.
DELETE FROM fault_report_contact WHERE channel = 'webhook';
