UPDATE planned_outage SET reminded_revision = revision WHERE id = %(id)s
