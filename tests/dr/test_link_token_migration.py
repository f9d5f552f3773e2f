"""Migration 051 on a database written before it: the random tokens that were stored readable
(the report's status token and the crew token in their tables, the DR token in the notice's
respond_url, all of them in the texts kept of sent notices and the report's replay answer)
are rewritten so that no row holds one readable — and the links already sent still work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from importlib import resources

import psycopg
from psycopg.types.json import Jsonb

from dr import event as dr_service
from dr.models import DrResponse
from dr.response import respond
from dr.target import Target
from notify.link_token import legacy_hash
from outage import crew_job
from outage.dispatch import dispatch
from outage.report_status import report_status
from tests.dr.conftest import EVENT_END, EVENT_START, PLANNED_AT
from tests.outage.incident_factory import open_incident

STATUS_TOKEN = "legacy-status-token-0123456789abcd"
CREW_TOKEN = "legacy-crew-token-0123456789abcdefgh"
DR_TOKEN = "ab" * 32
MIGRATION = resources.files("gis") / "migrations" / "051_link_tokens_unreadable.sql"


def _everything(db: psycopg.Connection) -> str:
    """Every row of the tables that held tokens, as text."""
    return " ".join(
        db.execute(f"SELECT coalesce(string_agg(t::text, ' '), '') FROM {table} AS t").fetchone()[0]
        for table in ("fault_report", "crew_job", "dr_participant", "notice")
    )


def test_migration_051_leaves_no_token_readable_and_old_links_working(db, program) -> None:
    made = open_incident(db, reports=1)
    report_id = made.report_ids[0]
    job = dispatch(db, made.id, datetime.now(UTC))
    draft = dr_service.EventDraft(
        program_id=program.id, title="legacy", starts_at=EVENT_START, ends_at=EVENT_END,
        target_kw=20.0, target=Target(transformer_ids=(6, 7)),
        response_deadline=EVENT_START - timedelta(hours=1),
    )  # fmt: skip
    event = dr_service.create(db, draft, PLANNED_AT)
    dr_service.publish(db, event.id, PLANNED_AT)
    # the rows as the code before migration 051 wrote them
    answer = {"id": report_id, "status_url": f"/api/v1/fault-reports/{STATUS_TOKEN}"}
    db.execute(
        "UPDATE fault_report SET public_token = %s, answer = %s WHERE id = %s",
        (STATUS_TOKEN, Jsonb(answer), report_id),
    )
    db.execute("UPDATE crew_job SET crew_token = %s WHERE id = %s", (CREW_TOKEN, job.id))
    db.execute(
        "UPDATE notice SET payload = payload || jsonb_build_object('map_path', %s::text) "
        "WHERE kind = 'job_assigned' AND payload->>'job_id' = %s",
        (f"/crew/jobs/{CREW_TOKEN}", str(job.id)),
    )
    customer = db.execute(
        "SELECT min(customer_id) FROM dr_participant WHERE event_id = %s", (event.id,)
    ).fetchone()[0]
    db.execute(
        "UPDATE dr_participant SET token_hash = %s WHERE event_id = %s AND customer_id = %s",
        (legacy_hash(DR_TOKEN), event.id, customer),
    )
    db.execute(
        "UPDATE notice SET payload = payload || jsonb_build_object('respond_url', %s::text), "
        "status = 'sent', sent_at = now(), subject = 'DR', body = %s "
        "WHERE kind = 'dr_request' AND recipient_id = %s AND event_ref = %s",
        (
            f"https://grid.example.test/public/dr/{DR_TOKEN}",
            f"Answer here: https://grid.example.test/public/dr/{DR_TOKEN}\n",
            customer,
            f"dr_event:{event.id}:m0",
        ),
    )
    db.execute(  # a reporter who gave a URL, as the code before allowed
        "UPDATE fault_report_contact SET channel = 'webhook', address = 'http://127.0.0.1:5432/' "
        "WHERE fault_report_id = %s",
        (report_id,),
    )
    assert all(t in _everything(db) for t in (STATUS_TOKEN, CREW_TOKEN, DR_TOKEN))

    db.execute(MIGRATION.read_text())

    stored = _everything(db)
    assert STATUS_TOKEN not in stored and CREW_TOKEN not in stored and DR_TOKEN not in stored
    assert "/public/dr/<token>" in stored
    webhooks = "SELECT count(*) FROM fault_report_contact WHERE channel = 'webhook'"
    assert db.execute(webhooks).fetchone()[0] == 0
    # the links already in customers' and crews' hands still answer
    assert report_status(db, STATUS_TOKEN)["id"] == report_id
    assert crew_job.get_job(db, token=CREW_TOKEN).id == job.id
    assert respond(db, DR_TOKEN, DrResponse.OPT_IN, PLANNED_AT).event_id == event.id
