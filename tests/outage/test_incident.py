"""Outage inference: the rules that group fault reports into incidents, each test named after
the rule it holds. Reports go in through the intake service, as the API sends them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from gis.crs import InputCrs
from outage import fault_report
from outage.incident import incidents_at_point
from outage.models import ReportChannel
from outage.settings import OutageSettings

SETTINGS = OutageSettings()


def _transformers(conn: psycopg.Connection, feeder_id: int) -> list[tuple[int, float, float]]:
    """Transformers of a feeder with a point inside each one's supply area."""
    return conn.execute(
        "SELECT t.id, ST_X(ST_PointOnSurface(a.geom)), ST_Y(ST_PointOnSurface(a.geom)) "
        "FROM transformer t JOIN supply_area a ON a.transformer_id = t.id "
        "WHERE t.feeder_id = %s ORDER BY t.id",
        (feeder_id,),
    ).fetchall()


def _report(
    conn: psycopg.Connection, lon: float, lat: float, at: datetime | None = None, **extra: object
) -> dict:
    draft = fault_report.FaultReportDraft(
        lon=lon,
        lat=lat,
        crs=InputCrs.WGS84,
        channel=ReportChannel.APP,
        contact="reporter@example.com",
        reported_at=at,
        **extra,  # type: ignore[arg-type]
    )
    return fault_report.submit(conn, draft, datetime.now(UTC), SETTINGS).answer


def _incident(conn: psycopg.Connection, incident_id: int) -> dict:
    row = conn.execute(
        "SELECT level, status, confidence, customers_affected, outage_incident_evidence(id), "
        "absorbed_into, transformer_id, feeder_id, rule FROM incident WHERE id = %s",
        (incident_id,),
    ).fetchone()
    keys = "level status confidence customers_affected evidence absorbed_into transformer_id "
    return dict(zip((keys + "feeder_id rule").split(), row, strict=True))


def _events(conn: psycopg.Connection, incident_id: int) -> list[str]:
    rows = conn.execute(
        "SELECT kind FROM incident_event WHERE incident_id = %s ORDER BY id", (incident_id,)
    ).fetchall()
    return [r[0] for r in rows]


def test_reports_behind_one_transformer_make_one_transformer_incident(
    db: psycopg.Connection,
) -> None:
    """Reports behind one transformer within the window make one transformer-level incident,
    suspected, whose confidence rises with each report; customers affected are the
    transformer's customers; the reporter gets a fault_received notice, and the contact is
    kept apart from the report."""
    transformer_id, lon, lat = _transformers(db, 1)[0]
    first = _report(db, lon, lat)
    second = _report(db, lon + 1e-6, lat)
    assert first["incident_id"] == second["incident_id"] is not None
    assert first["located"]["method"] == "within"
    assert first["located"]["transformer_id"] == transformer_id
    incident = _incident(db, first["incident_id"])
    customers = db.execute(
        "SELECT count(*) FROM customer WHERE transformer_id = %s", (transformer_id,)
    ).fetchone()[0]
    assert incident["level"] == "transformer" and incident["status"] == "suspected"
    assert incident["customers_affected"] == customers
    assert incident["evidence"]["report_ids"] == [first["id"], second["id"]]
    assert 0.3 <= float(incident["confidence"]) < 0.6
    assert _events(db, first["incident_id"]) == ["opened", "report", "report"]
    notices = db.execute(
        "SELECT kind, recipient_type, recipient_id, payload FROM notice WHERE event_ref = %s",
        (f"fault_report:{first['id']}",),
    ).fetchall()
    assert [(n[0], n[1], n[2]) for n in notices] == [("fault_received", "reporter", first["id"])]
    assert notices[0][3]["incident_id"] == first["incident_id"]
    stored = db.execute(
        "SELECT row_to_json(r)::text FROM fault_report r WHERE id = %s", (first["id"],)
    ).fetchone()[0]
    assert "reporter@example.com" not in stored


def test_reports_from_three_transformers_of_a_feeder_escalate_to_the_feeder(
    db: psycopg.Connection,
) -> None:
    """Reports from at least GRIDOPS_FEEDER_MIN_TRANSFORMERS transformers of one feeder within
    the window make one feeder-level incident that absorbs the transformer incidents and takes
    their reports."""
    (_, lon1, lat1), (_, lon2, lat2), (_, lon3, lat3) = _transformers(db, 2)[:3]
    a, b = _report(db, lon1, lat1), _report(db, lon2, lat2)
    assert a["incident_id"] != b["incident_id"]
    c = _report(db, lon3, lat3)
    feeder = _incident(db, c["incident_id"])
    assert feeder["level"] == "feeder" and feeder["feeder_id"] == 2
    assert "3 of 10 transformers of feeder SS01-F02" in feeder["rule"]
    assert feeder["evidence"]["report_ids"] == [a["id"], b["id"], c["id"]]
    assert len(feeder["evidence"]["transformer_ids"]) == 3
    assert sorted(feeder["evidence"]["absorbed_incident_ids"]) == sorted(
        [a["incident_id"], b["incident_id"]]
    )
    assert float(feeder["confidence"]) > 0.8
    for absorbed in (a["incident_id"], b["incident_id"]):
        assert _incident(db, absorbed)["absorbed_into"] == c["incident_id"]
        assert _events(db, absorbed)[-1] == "absorbed"
    assert {"opened", "escalated", "absorbed", "report"} <= set(_events(db, c["incident_id"]))
    moved = db.execute(
        "SELECT count(*) FROM fault_report WHERE incident_id = %s", (c["incident_id"],)
    ).fetchone()[0]
    assert moved == 3
    fourth = _report(db, *_transformers(db, 2)[5][1:])
    assert fourth["incident_id"] == c["incident_id"]  # the feeder incident is joined
    # the public lookup shows it anywhere on the feeder, without customer data
    found = incidents_at_point(db, lon1, lat1)
    assert [(i["id"], i["level"]) for i in found] == [(c["incident_id"], "feeder")]
    assert set(found[0]) == {"id", "level", "status", "since", "estimated_restoration_at"}


def test_two_transformers_of_one_feeder_below_the_threshold_stay_two_incidents(
    db: psycopg.Connection,
) -> None:
    """Two simultaneous outages on different transformers of one feeder, below both feeder
    thresholds (2 < 3 transformers, 2/10 < 30 %), stay two transformer incidents."""
    (t1, lon1, lat1), (t2, lon2, lat2) = _transformers(db, 1)[:2]
    reports = [_report(db, lon1, lat1), _report(db, lon2, lat2), _report(db, lon1, lat1)]
    incidents = {r["incident_id"] for r in reports}
    assert len(incidents) == 2
    levels = {(_incident(db, i)["level"], _incident(db, i)["transformer_id"]) for i in incidents}
    assert levels == {("transformer", t1), ("transformer", t2)}


def test_reports_outside_the_window_do_not_escalate(db: psycopg.Connection) -> None:
    """Only reports within GRIDOPS_INCIDENT_WINDOW_MIN of each other count towards a feeder."""
    now = datetime.now(UTC)
    spots = _transformers(db, 3)[:3]
    answers = [
        _report(db, lon, lat, at=now - timedelta(minutes=offset))
        for (_, lon, lat), offset in zip(spots, (0, 70, 140), strict=True)
    ]
    assert {_incident(db, a["incident_id"])["level"] for a in answers} == {"transformer"}


def test_two_feeders_of_a_substation_out_escalate_to_the_substation(
    db: psycopg.Connection,
) -> None:
    """When GRIDOPS_SUBSTATION_MIN_FEEDERS feeders of one substation are out, a substation
    incident absorbs the feeder incidents; customers affected are all of the substation's."""
    answers = [
        _report(db, lon, lat) for feeder in (4, 5) for _, lon, lat in _transformers(db, feeder)[:3]
    ]
    top = _incident(db, answers[-1]["incident_id"])
    assert top["level"] == "substation"
    customers = db.execute(
        "SELECT count(*) FROM customer c JOIN transformer t ON t.id = c.transformer_id "
        "JOIN feeder f ON f.id = t.feeder_id WHERE f.substation_id = 2"
    ).fetchone()[0]
    assert top["customers_affected"] == customers
    assert top["evidence"]["report_ids"] == [a["id"] for a in answers]
    feeders = db.execute(
        "SELECT count(*) FROM incident WHERE level = 'feeder' AND absorbed_into = %s",
        (answers[-1]["incident_id"],),
    ).fetchone()[0]
    assert feeders == 2


def test_restored_and_rejected_incidents_are_never_joined(db: psycopg.Connection) -> None:
    _, lon, lat = _transformers(db, 1)[3]
    first = _report(db, lon, lat)
    db.execute(
        "UPDATE incident SET status = 'restored', restored_at = now() WHERE id = %s",
        (first["incident_id"],),
    )
    second = _report(db, lon, lat)
    db.execute("UPDATE incident SET status = 'rejected' WHERE id = %s", (second["incident_id"],))
    third = _report(db, lon, lat)
    assert len({first["incident_id"], second["incident_id"], third["incident_id"]}) == 3
    assert incidents_at_point(db, lon, lat)[0]["id"] == third["incident_id"]


def test_a_report_inside_an_active_planned_outage_opens_no_incident(
    db: psycopg.Connection,
) -> None:
    """A report inside an announced planned outage whose window covers it is answered with
    that outage and opens no incident; outside its window it opens one."""
    _, lon, lat = _transformers(db, 1)[4]
    now = datetime.now(UTC)
    outage_id = db.execute(
        "INSERT INTO planned_outage (title, reason, starts_at, ends_at, status, geom) "
        "VALUES ('Cable work', 'Replace a joint', %s, %s, 'in_progress', "
        "ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(%s, %s), 4326), 0.001))) RETURNING id",
        (now - timedelta(hours=1), now + timedelta(hours=2), lon, lat),
    ).fetchone()[0]
    answer = _report(db, lon, lat)
    assert answer["status"] == "planned_outage" and answer["incident_id"] is None
    assert answer["planned_outage"]["id"] == outage_id
    assert answer["planned_outage"]["title"] == "Cable work"
    assert db.execute("SELECT count(*) FROM incident").fetchone()[0] == 0
    before = _report(db, lon, lat, at=now - timedelta(hours=3))
    assert before["status"] == "in_incident" and before["planned_outage"] is None


@pytest.fixture()
def committed(demo_db_url: str) -> Iterator[list[int]]:
    """Report ids committed by a test, removed afterwards with their incidents and notices."""
    report_ids: list[int] = []
    yield report_ids
    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        incident_ids = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT incident_id FROM fault_report WHERE id = ANY(%s)", (report_ids,)
            ).fetchall()
            if r[0] is not None
        ]
        conn.execute(
            "DELETE FROM notice WHERE recipient_type = 'reporter' AND recipient_id = ANY(%s)",
            (report_ids,),
        )
        conn.execute("DELETE FROM fault_report WHERE id = ANY(%s)", (report_ids,))
        conn.execute("UPDATE incident SET absorbed_into = NULL WHERE id = ANY(%s)", (incident_ids,))
        conn.execute("DELETE FROM incident WHERE id = ANY(%s)", (incident_ids,))


def test_reports_arriving_at_once_open_one_incident(demo_db_url: str, committed: list[int]) -> None:
    """Reports for one feeder arriving at the same moment are inferred one after the other
    (an advisory lock on the substation), so they never open two incidents."""
    with psycopg.connect(demo_db_url) as conn:
        _, lon, lat = _transformers(conn, 3)[5]
    barrier = threading.Barrier(4)
    answers: list[dict] = []

    def send() -> None:
        with psycopg.connect(demo_db_url) as conn:
            barrier.wait()
            with conn.transaction():
                answers.append(_report(conn, lon, lat))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    committed.extend(a["id"] for a in answers)
    assert len(answers) == 4
    assert len({a["incident_id"] for a in answers}) == 1
