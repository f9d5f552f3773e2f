-- A dispatcher's or crew's step on an incident; detail_facts (a console text key and its
-- values, or NULL for free text such as a rejection's reason) says the detail in any language.
INSERT INTO incident_event (incident_id, kind, detail, detail_facts, at)
VALUES (%(incident_id)s, %(kind)s, left(%(detail)s, 2000), %(facts)s, %(now)s)
