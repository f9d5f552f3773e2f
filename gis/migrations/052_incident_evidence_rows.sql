-- A report's cost no longer grows with its incident (issue 12 §9): an incident's evidence
-- (its reports, transformers and feeders) is read from the reports' rows
-- (outage_incident_evidence), not rewritten as a jsonb list of every report id with each new
-- report under the substation's lock; its counts are kept as it grows. report_count and
-- transformer_count are null until the inference counts an incident (incidents opened before
-- this migration, or made elsewhere, are counted in full at their next report).
-- The texts an incident carries name devices by their codes, in both languages (issue 12 §8):
-- rule_facts and detail_facts hold the console's text key and its values, beside the English
-- rule and detail.
-- The functions are in outage/sql/functions/, re-applied by every `gridops db upgrade`.

ALTER TABLE incident
    ADD COLUMN report_count integer CHECK (report_count >= 0),
    ADD COLUMN transformer_count integer CHECK (transformer_count >= 0),
    ADD COLUMN rule_facts jsonb;
COMMENT ON COLUMN incident.rule_facts IS
    'the rule as the console says it in either language: {"key": text key, values...}';
ALTER TABLE incident_event ADD COLUMN detail_facts jsonb;
COMMENT ON COLUMN incident_event.detail_facts IS
    'the detail as the console says it in either language: {"key": text key, values...}';

-- whether a transformer already reported into an incident: one probe; also every read of an
-- incident's reports (the index it replaces was on incident_id alone)
CREATE INDEX fault_report_incident_transformer_idx ON fault_report (incident_id, transformer_id);
DROP INDEX fault_report_incident_idx;

-- the sorted merge of the old jsonb lists is used no more
DROP FUNCTION IF EXISTS outage_ids_with(jsonb, bigint);

-- A report moves its incident's last_report_at: with last_report_at in an index, every report
-- wrote a new version of the incident row and an entry in each of its indexes, which pile up
-- (and are read) until vacuum, under the substation's lock. Without it the update is HOT
-- (heap-only: the page prunes the old versions itself), and room is left on the pages for it.
-- The open incidents are still found by an index, per substation.
DROP INDEX incident_open_idx;
CREATE INDEX incident_open_substation_idx ON incident (substation_id)
    WHERE status IN ('suspected', 'confirmed', 'dispatched');
ALTER TABLE incident SET (fillfactor = 70);
