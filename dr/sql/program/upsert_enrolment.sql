-- Enrol a customer in a program (again: the new pledge replaces the old).
INSERT INTO dr_enrolment (program_id, customer_id, pledged_kw)
VALUES (%(program_id)s, %(customer_id)s, %(pledged_kw)s)
ON CONFLICT (program_id, customer_id) DO UPDATE SET pledged_kw = EXCLUDED.pledged_kw
