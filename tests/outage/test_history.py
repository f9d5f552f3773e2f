"""The outage history keeps what dispatch lets go: restored incidents and completed planned
outages, with their duration, customers and customer-minutes, filtered by period, feeder and
cause; the reliability indices of the database agree with a count by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from gis.errors import RejectedInputError
from outage.history import HistoryScope, OutageCause, OutageKind, outage_history
from outage.reliability import reliability_indices
from tests.outage.history_factory import completed_planned_outage, restored_incident

# A period no other test writes in (they write at now()): January 2020 in Shanghai.
SINCE = datetime(2019, 12, 31, 16, 0, tzinfo=UTC)
UNTIL = datetime(2020, 1, 31, 16, 0, tzinfo=UTC)
ZONE = "Asia/Shanghai"


@pytest.fixture()
def grid(db):
    """Two transformers of one feeder, the feeder's and the system's customers."""
    feeder, substation = db.execute(
        "SELECT f.id, f.substation_id FROM feeder f ORDER BY f.id LIMIT 1"
    ).fetchone()
    transformers = [
        r[0]
        for r in db.execute(
            "SELECT t.id FROM transformer t WHERE t.feeder_id = %s AND EXISTS "
            "(SELECT 1 FROM customer c WHERE c.transformer_id = t.id) ORDER BY t.id LIMIT 2",
            (feeder,),
        )
    ]
    behind = {
        t: db.execute("SELECT count(*) FROM customer WHERE transformer_id = %s", (t,)).fetchone()[0]
        for t in transformers
    }
    on_feeder = db.execute(
        "SELECT count(*) FROM customer c JOIN transformer t ON t.id = c.transformer_id "
        "WHERE t.feeder_id = %s",
        (feeder,),
    ).fetchone()[0]
    system = db.execute("SELECT count(*) FROM customer").fetchone()[0]
    return {
        "feeder": feeder,
        "substation": substation,
        "transformers": transformers,
        "behind": behind,
        "on_feeder": on_feeder,
        "system": system,
    }


def _at(day: int, hour: int = 10) -> datetime:
    return datetime(2020, 1, day, hour, 0, tzinfo=ZoneInfo(ZONE))


def test_restored_incidents_and_completed_planned_outages_are_listed(db, grid) -> None:
    t1, t2 = grid["transformers"]
    fault = restored_incident(db, "transformer", t1, _at(5), minutes=90)
    work = completed_planned_outage(db, t2, _at(12), minutes=240)
    page = outage_history(db, HistoryScope(SINCE, UNTIL))
    assert page.total == 2
    latest, earliest = page.records
    assert (latest.kind, latest.id, latest.cause) == (
        OutageKind.PLANNED,
        work,
        OutageCause.PLANNED_WORK,
    )
    assert latest.title == "Test work" and latest.reason == "replacing a switch"
    assert latest.duration_s == 240 * 60 and latest.customers == grid["behind"][t2]
    assert latest.customer_minutes == grid["behind"][t2] * 240
    assert (earliest.kind, earliest.id) == (OutageKind.UNPLANNED, fault)
    assert earliest.customers == grid["behind"][t1]
    assert earliest.customer_minutes == grid["behind"][t1] * 90
    code = db.execute("SELECT code FROM transformer WHERE id = %s", (t1,)).fetchone()[0]
    assert earliest.title == code


def test_filters_by_period_feeder_and_cause(db, grid) -> None:
    t1, t2 = grid["transformers"]
    restored_incident(db, "transformer", t1, _at(5), minutes=90)
    completed_planned_outage(db, t2, _at(12), minutes=240)
    restored_incident(db, "transformer", t1, _at(1, 7), minutes=30)  # 31 Dec 23:00 UTC: in
    other = db.execute(
        "SELECT id FROM feeder WHERE id <> %s ORDER BY id LIMIT 1", (grid["feeder"],)
    ).fetchone()[0]
    assert outage_history(db, HistoryScope(SINCE, UNTIL)).total == 3
    assert outage_history(db, HistoryScope(SINCE, _at(5))).total == 1
    planned = outage_history(db, HistoryScope(SINCE, UNTIL, cause=OutageCause.PLANNED_WORK))
    assert [r.kind for r in planned.records] == [OutageKind.PLANNED]
    faults = HistoryScope(SINCE, UNTIL, cause=OutageCause.TRANSFORMER_FAULT)
    assert outage_history(db, faults).total == 2
    assert outage_history(db, HistoryScope(SINCE, UNTIL, feeder_id=grid["feeder"])).total == 3
    assert outage_history(db, HistoryScope(SINCE, UNTIL, feeder_id=other)).total == 0
    assert outage_history(db, HistoryScope(SINCE, UNTIL), limit=1, offset=2).total == 3


def test_a_substation_outage_interrupts_each_of_its_feeders(db, grid) -> None:
    restored_incident(db, "substation", grid["substation"], _at(8), minutes=20)
    (whole,) = outage_history(db, HistoryScope(SINCE, UNTIL)).records
    feeders = db.execute(
        "SELECT code FROM feeder WHERE substation_id = %s ORDER BY code", (grid["substation"],)
    ).fetchall()
    assert whole.feeder_codes == [r[0] for r in feeders]
    (one,) = outage_history(db, HistoryScope(SINCE, UNTIL, feeder_id=grid["feeder"])).records
    assert one.customers == grid["on_feeder"]  # that feeder's share


def test_indices_from_the_database_agree_with_a_count_by_hand(db, grid) -> None:
    t1, t2 = grid["transformers"]
    restored_incident(db, "transformer", t1, _at(5), minutes=90)
    restored_incident(db, "transformer", t2, _at(6), minutes=4)  # momentary
    completed_planned_outage(db, t2, _at(12), minutes=240)
    system = reliability_indices(db, HistoryScope(SINCE, UNTIL), zone=ZONE)
    assert {r.month for r in system} == {datetime(2020, 1, 1).date(), None}
    (unplanned,) = [r for r in system if r.month and r.kind is OutageKind.UNPLANNED]
    n, b1, b2 = grid["system"], grid["behind"][t1], grid["behind"][t2]
    assert unplanned.customers_served == n
    assert unplanned.saifi == pytest.approx(b1 / n)
    assert unplanned.saidi == pytest.approx(b1 * 90 / n)
    assert unplanned.caidi == pytest.approx(90)
    assert unplanned.maifi == pytest.approx(b2 / n)
    (planned,) = [r for r in system if r.month and r.kind is OutageKind.PLANNED]
    assert (planned.saifi, planned.caidi) == (pytest.approx(b2 / n), pytest.approx(240))
    feeder = reliability_indices(db, HistoryScope(SINCE, UNTIL, feeder_id=grid["feeder"]))
    assert {r.customers_served for r in feeder} == {grid["on_feeder"]}
    by_feeder = reliability_indices(db, HistoryScope(SINCE, UNTIL), by_feeder=True)
    assert {r.feeder_id for r in by_feeder} == {grid["feeder"]}


def test_a_scope_that_cannot_be_read_names_its_field(db) -> None:
    with pytest.raises(RejectedInputError) as raised:
        HistoryScope(UNTIL, SINCE)
    assert raised.value.field == "until"
    with pytest.raises(RejectedInputError) as raised:
        HistoryScope(SINCE.replace(tzinfo=None), UNTIL)
    assert raised.value.field == "since"
    with pytest.raises(RejectedInputError) as raised:
        HistoryScope(SINCE, SINCE + timedelta(days=4000))
    assert raised.value.field == "until"
    with pytest.raises(RejectedInputError) as raised:
        outage_history(db, HistoryScope(SINCE, UNTIL, feeder_id=2**31 - 1))
    assert raised.value.field == "feeder_id"
