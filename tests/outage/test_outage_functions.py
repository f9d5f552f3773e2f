"""The outage functions of outage/sql/functions/ on their own (as tipg tests its catalog
functions): confidence, the transformer, feeder and substation rules of outage_infer called
straight (no locating, no notices), absorption, the counts a report adds, the evidence read
from the reports' rows, and the texts an incident carries, with device codes, in both
languages. test_incident.py holds the same rules through the intake."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row

from app.console.i18n import incident_text
from gis.vocabulary import Language
from outage.incident import infer
from outage.settings import OutageSettings

SETTINGS = OutageSettings()


def _row(conn: psycopg.Connection, transformer_id: int) -> dict[str, Any]:
    """The values of a report behind a transformer, as the intake hands them to outage_infer."""
    feeder_id, substation_id, area_id, lon, lat = conn.execute(
        "SELECT t.feeder_id, f.substation_id, a.id, ST_X(t.geom), ST_Y(t.geom) "
        "FROM transformer t JOIN feeder f ON f.id = t.feeder_id "
        "LEFT JOIN supply_area a ON a.transformer_id = t.id WHERE t.id = %s",
        (transformer_id,),
    ).fetchone()
    now = datetime.now(UTC)
    return {
        "public_token": secrets.token_urlsafe(24),
        "channel": "app",
        "input_crs": "WGS84",
        "input_lon": lon,
        "input_lat": lat,
        "lon": lon,
        "lat": lat,
        "account_no": None,
        "description": "",
        "reported_at": now,
        "received_at": now,
        "transformer_id": transformer_id,
        "supply_area_id": area_id,
        "feeder_id": feeder_id,
        "substation_id": substation_id,
        "location_method": "within",
        "distance_m": 0.0,
        "location_conflict": None,
        "idempotency_key": None,
        "request_hash": None,
        "located_lon": lon,
        "located_lat": lat,
    }


def _report(conn: psycopg.Connection, transformer_id: int) -> int:
    """Infer a report behind the transformer; the id of the incident it ends in."""
    decision = infer(conn, _row(conn, transformer_id), SETTINGS).decision
    assert decision is not None
    return decision.incident_id


def _transformers(conn: psycopg.Connection, feeder_id: int) -> list[int]:
    rows = conn.execute(
        "SELECT id FROM transformer WHERE feeder_id = %s ORDER BY id", (feeder_id,)
    ).fetchall()
    return [r[0] for r in rows]


def _code(conn: psycopg.Connection, table: str, row_id: int) -> str:
    return conn.execute(f"SELECT code FROM {table} WHERE id = %s", (row_id,)).fetchone()[0]


def _incident(conn: psycopg.Connection, incident_id: int) -> dict[str, Any]:
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            "SELECT *, outage_incident_evidence(id) AS read_evidence FROM incident WHERE id = %s",
            (incident_id,),
        ).fetchone()
    assert row is not None
    return row


def _events(conn: psycopg.Connection, incident_id: int) -> list[tuple[str, str, Any]]:
    return [
        (kind, detail, facts)
        for kind, detail, facts in conn.execute(
            "SELECT kind, detail, detail_facts FROM incident_event WHERE incident_id = %s "
            "ORDER BY id",
            (incident_id,),
        ).fetchall()
    ]


@pytest.mark.parametrize(
    ("reports", "transformers", "confidence"),
    [(1, 1, "0.300"), (2, 1, "0.510"), (3, 3, "0.877"), (0, 0, "0.300"), (40, 9, "0.990")],
)
def test_confidence_rises_with_reports_and_transformers_to_at_most_0_99(
    db: psycopg.Connection, reports: int, transformers: int, confidence: str
) -> None:
    """1 - 0.7^reports x 0.6^(transformers - 1), at most 0.99, one of each counted at least."""
    row = db.execute("SELECT outage_confidence(%s, %s)", (reports, transformers)).fetchone()
    assert row == (Decimal(confidence),)


def test_a_report_opens_a_transformer_incident_named_by_its_transformer_code(
    db: psycopg.Connection,
) -> None:
    """The transformer rule: a report with no open incident over it opens a suspected
    transformer incident; its rule and events name the transformer by its code."""
    transformer_id = _transformers(db, 1)[0]
    code = _code(db, "transformer", transformer_id)
    incident_id = _report(db, transformer_id)
    incident = _incident(db, incident_id)
    assert incident["level"] == "transformer" and incident["status"] == "suspected"
    assert incident["rule"] == f"report behind transformer {code}: transformer suspected"
    assert incident["rule_facts"] == {"key": "rule_transformer", "transformer": code}
    assert (incident["report_count"], incident["transformer_count"]) == (1, 1)
    assert incident["confidence"] == Decimal("0.300")
    kinds = [(kind, detail.split(" behind ")[-1]) for kind, detail, _ in _events(db, incident_id)]
    assert kinds == [
        ("opened", f"transformer {code}: transformer suspected"),
        ("report", f"transformer {code}"),
    ]


def test_a_report_counts_once_and_its_transformer_only_when_new(db: psycopg.Connection) -> None:
    """A report joining an incident adds one report, and one transformer only when no other
    report of the incident came from it; the confidence follows the counts."""
    first, second, third, fourth = _transformers(db, 2)[:4]
    for transformer_id in (first, second):
        _report(db, transformer_id)
    feeder_id = _report(db, third)  # the third transformer: the feeder rule fires
    assert (
        _incident(db, feeder_id)["report_count"],
        _incident(db, feeder_id)["transformer_count"],
    ) == (3, 3)
    assert _report(db, first) == feeder_id
    joined = _incident(db, feeder_id)
    assert (joined["report_count"], joined["transformer_count"]) == (4, 3)
    assert _report(db, fourth) == feeder_id
    joined = _incident(db, feeder_id)
    assert (joined["report_count"], joined["transformer_count"]) == (5, 4)
    expected = db.execute("SELECT outage_confidence(5, 4)").fetchone()[0]
    assert joined["confidence"] == expected
    evidence = joined["read_evidence"]
    reports = [
        r[0]
        for r in db.execute(
            "SELECT id FROM fault_report WHERE incident_id = %s ORDER BY id", (feeder_id,)
        ).fetchall()
    ]
    assert evidence["report_ids"] == reports
    assert evidence["transformer_ids"] == sorted([first, second, third, fourth])
    assert evidence["feeder_ids"] == [2]


def test_three_transformers_of_a_feeder_escalate_to_the_feeder_named_by_its_code(
    db: psycopg.Connection,
) -> None:
    """The feeder rule, and absorption: the feeder incident absorbs the transformer incidents
    (each keeps the evidence it had), takes their reports, and says why with the feeder's code."""
    transformers = _transformers(db, 2)
    a, b = _report(db, transformers[0]), _report(db, transformers[1])
    absorbed_evidence = _incident(db, a)["read_evidence"]
    feeder_incident = _report(db, transformers[2])
    code = _code(db, "feeder", 2)
    incident = _incident(db, feeder_incident)
    assert incident["level"] == "feeder"
    assert incident["rule"] == (
        f"3 of {len(transformers)} transformers of feeder {code} reported within 30 min "
        "(at least 3): feeder suspected"
    )
    assert incident["rule_facts"]["key"] == "rule_feeder_transformers"
    assert incident["read_evidence"]["absorbed_incident_ids"] == [a, b]
    for absorbed in (a, b):
        row = _incident(db, absorbed)
        assert row["absorbed_into"] == feeder_incident
        assert _events(db, absorbed)[-1][1] == f"absorbed into incident {feeder_incident}"
    assert _incident(db, a)["read_evidence"] == absorbed_evidence
    assert ("escalated", "escalated to the feeder") in [e[:2] for e in _events(db, feeder_incident)]
    assert ("absorbed", f"absorbed incidents {a}, {b}") in [
        e[:2] for e in _events(db, feeder_incident)
    ]


def test_two_feeders_out_escalate_to_the_substation_named_by_codes(db: psycopg.Connection) -> None:
    """The substation rule: feeder incidents on two feeders of a substation open a substation
    incident that absorbs them; its rule names the feeders and the substation by their codes."""
    for feeder in (4, 5):
        for transformer_id in _transformers(db, feeder)[:3]:
            top = _report(db, transformer_id)
    incident = _incident(db, top)
    assert incident["level"] == "substation"
    codes = ", ".join(_code(db, "feeder", f) for f in (4, 5))
    assert incident["rule"] == (
        f"feeders {codes} of substation {_code(db, 'substation', 2)} are out (at least 2): "
        "substation suspected"
    )
    assert incident["report_count"] == 6
    absorbed = db.execute(
        "SELECT level, count(*) FROM incident WHERE absorbed_into = %s GROUP BY level", (top,)
    ).fetchall()
    assert absorbed == [("feeder", 2)]


def test_absorption_leaves_dispatched_incidents_their_crew_and_reports(
    db: psycopg.Connection,
) -> None:
    """outage_absorb_incidents takes the open, not dispatched incidents of the levels below
    on the feeder, and none of another feeder."""
    first, second = _transformers(db, 1)[:2]  # two of ten: below both feeder thresholds
    a, b, d = _report(db, first), _report(db, second), _report(db, _transformers(db, 2)[0])
    assert len({a, b, d}) == 3
    db.execute(
        "UPDATE incident SET status = 'dispatched', dispatched_at = now() WHERE id = %s", (b,)
    )
    top = db.execute(
        "SELECT outage_open_incident('feeder', NULL, 1, (SELECT substation_id FROM feeder "
        "WHERE id = 1), 'test', NULL, now())"
    ).fetchone()[0]
    absorbed = db.execute(
        "SELECT outage_absorb_incidents(%s, (SELECT substation_id FROM feeder WHERE id = 1), 1, "
        "'{transformer}', now())",
        (top,),
    ).fetchone()[0]
    assert absorbed == [a]
    assert _incident(db, a)["absorbed_into"] == top
    assert _incident(db, b)["absorbed_into"] is None
    moved = db.execute("SELECT count(*) FROM fault_report WHERE incident_id = %s", (b,)).fetchone()
    assert moved == (1,)


def test_an_incident_not_yet_counted_is_counted_in_full_at_its_next_report(
    db: psycopg.Connection,
) -> None:
    """An incident made elsewhere (or before migration 052) has no counts: its evidence reads
    as stored until a report joins it, which counts it from its rows."""
    transformer_id = _transformers(db, 3)[0]
    incident_id = _report(db, transformer_id)
    _report(db, transformer_id)
    db.execute(
        "UPDATE incident SET report_count = NULL, transformer_count = NULL, "
        'evidence = \'{"rule": "by hand"}\' WHERE id = %s',
        (incident_id,),
    )
    assert _incident(db, incident_id)["read_evidence"] == {"rule": "by hand"}
    assert _report(db, transformer_id) == incident_id
    counted = _incident(db, incident_id)
    assert (counted["report_count"], counted["transformer_count"]) == (3, 1)
    assert len(counted["read_evidence"]["report_ids"]) == 3


def test_the_texts_of_an_incident_read_the_same_from_their_facts_in_english_and_in_chinese(
    db: psycopg.Connection,
) -> None:
    """Every text the inference writes (rule, event details) has facts from which the console
    says it: in English word for word the stored text, in Chinese with the same codes."""
    for feeder in (4, 5):
        for transformer_id in _transformers(db, feeder)[:3]:
            top = _report(db, transformer_id)
    incidents = [top] + [
        r[0]
        for r in db.execute("SELECT id FROM incident WHERE absorbed_into IS NOT NULL").fetchall()
    ]
    texts = []
    for incident_id in incidents:
        incident = _incident(db, incident_id)
        texts.append((incident["rule_facts"], incident["rule"]))
        texts.extend((facts, detail) for _, detail, facts in _events(db, incident_id))
    assert len(texts) > 10
    for facts, stored in texts:
        assert facts is not None, stored
        assert incident_text(facts, stored, Language.EN) == stored
        chinese = incident_text(facts, stored, Language.ZH_CN)
        assert chinese != stored
        for code in (v for v in facts.values() if isinstance(v, str) and v[:2] in ("TR", "SS")):
            assert code in chinese
    assert incident_text(None, "written by hand", Language.ZH_CN) == "written by hand"
