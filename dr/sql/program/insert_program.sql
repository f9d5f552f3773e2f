-- A DR program; its id.
INSERT INTO dr_program (name, incentive_per_kwh, max_events_per_month, notice_lead, max_duration)
VALUES (%(name)s, %(incentive_per_kwh)s, %(max_events_per_month)s, %(notice_lead)s,
        %(max_duration)s)
RETURNING id
