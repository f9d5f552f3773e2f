-- How the reporter of a fault report is reached (private: read only by the notice worker).
INSERT INTO fault_report_contact (fault_report_id, contact, channel, address, language)
VALUES (%(report_id)s, %(contact)s, %(channel)s, %(address)s, %(language)s)
ON CONFLICT (fault_report_id) DO UPDATE
SET contact = excluded.contact, channel = excluded.channel, address = excluded.address,
    language = excluded.language
