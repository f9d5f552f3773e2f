"""Baselines against hand-computed examples: highest 5 of the last 10 similar days, the capped
same-day adjustment, holidays; and the event's totals."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from dr.measurement import BaselineMethod, is_workday, measure, similar_days
from dr.program import ProgramDraft, create_program
from tests.dr.conftest import SHANGHAI

EVENT_DAY = date(2026, 10, 28)  # a Wednesday
START, END = 14, 16  # local hours: two hours, kWh = sum of hourly kW


def test_holidays_and_make_up_days_follow_the_chinese_calendar():
    """Rule: similar days of a workday event are workdays; holidays count with weekends."""
    assert not is_workday(date(2025, 10, 1))  # National Day, a Wednesday
    assert is_workday(date(2025, 9, 28))  # a Sunday worked to make up for it
    days = similar_days(date(2025, 10, 10), BaselineMethod())
    assert date(2025, 10, 1) not in days and date(2025, 9, 28) in days
    assert all(is_workday(d) for d in days)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), SHANGHAI)


def _readings(db, customer_id: int, day: date, window_kw: float, adjust_kw: float) -> None:
    rows = [(customer_id, _at(day, h), window_kw) for h in range(START, END)]
    rows += [(customer_id, _at(day, h), adjust_kw) for h in (11, 12)]
    with db.cursor() as cur:
        cur.executemany(
            "INSERT INTO customer_load_reading (customer_id, ts, kw) VALUES (%s, %s, %s)", rows
        )


@pytest.fixture()
def measured_case(db):
    """Two participants. Their 12 most recent similar days carry window kW 1..10 (most recent
    first) then 100, 100 (older than the last 10: ignored); a weekend day carries 100 (not
    similar: ignored). Highest 5 of the last 10: kW 6..10, window kWh 12..20, mean 16.
    Baseline days' adjustment hours: 1 kW. Event day: customer A 2 kW before, 3 kW in the
    window; customer B 5 kW before (capped), 3 kW in the window, opted out."""
    program = create_program(db, ProgramDraft(name="m&v", incentive_per_kwh=Decimal("0.5")))
    customers = [r[0] for r in db.execute("SELECT id FROM customer ORDER BY id LIMIT 2")]
    event_id = db.execute(
        "INSERT INTO dr_event (program_id, title, starts_at, ends_at, target_kw, transformer_ids,"
        " status, response_deadline) VALUES (%s, 'hand', %s, %s, 5, '{1}', 'published', %s)"
        " RETURNING id",
        (program.id, _at(EVENT_DAY, START), _at(EVENT_DAY, END), _at(EVENT_DAY, START)),
    ).fetchone()[0]
    days = similar_days(EVENT_DAY, BaselineMethod())
    for index, customer_id in enumerate(customers):
        db.execute(
            "INSERT INTO dr_participant (event_id, customer_id, transformer_id, token_hash,"
            " response, responded_at) SELECT %s, id, transformer_id, repeat(%s, 64), %s, now()"
            " FROM customer WHERE id = %s",
            (event_id, str(index), ["opt_in", "opt_out"][index], customer_id),
        )
        for rank, day in enumerate(days[:12], start=1):
            _readings(db, customer_id, day, rank if rank <= 10 else 100, 1.0)
        _readings(db, customer_id, date(2026, 10, 25), 100, 1.0)  # a Sunday
        _readings(db, customer_id, EVENT_DAY, 3.0, [2.0, 5.0][index])
    return event_id, customers


def _participant(db, event_id: int, customer_id: int) -> tuple:
    return db.execute(
        "SELECT baseline_kwh, actual_kwh, reduction_kwh, incentive FROM dr_participant"
        " WHERE event_id = %s AND customer_id = %s",
        (event_id, customer_id),
    ).fetchone()


def test_highest_5_of_10_with_the_capped_same_day_adjustment(db, measured_case):
    event_id, (a, b) = measured_case
    result = measure(db, event_id, _at(EVENT_DAY, 23))
    # A: 16 + (2 - 1) x 2 h = 18 kWh; actual 6; reduction 12; 12 x 0.5 = 6.00
    assert _participant(db, event_id, a) == pytest.approx((18.0, 6.0, 12.0, Decimal("6.00")))
    # B: adjustment (5 - 1) x 2 = 8 capped at 20 % of 16 = 3.2: 19.2; opted out: no incentive
    assert _participant(db, event_id, b) == pytest.approx((19.2, 6.0, 13.2, Decimal("0.00")))
    assert result.measured == result.participants == 2
    assert result.reduction_kwh == pytest.approx(25.2)
    assert result.incentive == Decimal("6.00")
    assert [round(h["actual_kw"], 3) for h in result.hourly] == [6.0, 6.0]
    assert sum(h["baseline_kw"] for h in result.hourly) == pytest.approx(37.2, abs=1e-3)


def test_hourly_sums_keep_each_hour_apart(db, measured_case):
    """The chart's hourly sums: each hour's baseline is the mean of that hour on the baseline
    days (plus the adjustment spread over the window), not the window's mean."""
    event_id, customers = measured_case
    db.execute(
        "UPDATE customer_load_reading SET kw = kw * 2 WHERE customer_id = ANY(%s)"
        " AND extract(hour FROM ts AT TIME ZONE 'Asia/Shanghai') = %s",
        (customers, END - 1),
    )
    result = measure(db, event_id, _at(EVENT_DAY, 23))
    # Baseline days kW 6..10 at 14:00 (mean 8), twice that at 15:00 (mean 16), for both
    # customers; adjustments A (2 - 1) x 2 = 2, B 8 capped at 20 % of 24 = 4.8: 3.4 kW an hour.
    assert [h["baseline_kw"] for h in result.hourly] == pytest.approx([19.4, 35.4], abs=1e-3)
    assert [h["actual_kw"] for h in result.hourly] == pytest.approx([6.0, 12.0], abs=1e-3)
    assert [datetime.fromisoformat(h["ts"]) for h in result.hourly] == [
        _at(EVENT_DAY, START),
        _at(EVENT_DAY, START + 1),
    ]


def test_without_adjustment_the_baseline_is_the_plain_mean(db, measured_case):
    event_id, (a, _) = measured_case
    measure(db, event_id, _at(EVENT_DAY, 23), BaselineMethod(adjustment=False))
    assert _participant(db, event_id, a)[:3] == pytest.approx((16.0, 6.0, 10.0))


def test_negative_reductions_are_zero_unless_allowed(db, measured_case):
    event_id, (a, _) = measured_case
    db.execute(
        "UPDATE customer_load_reading SET kw = 20 WHERE customer_id = %s AND ts >= %s AND ts < %s",
        (a, _at(EVENT_DAY, START), _at(EVENT_DAY, END)),
    )
    measure(db, event_id, _at(EVENT_DAY, 23))
    assert _participant(db, event_id, a)[2:] == pytest.approx((0.0, Decimal("0.00")))
    measure(db, event_id, _at(EVENT_DAY, 23), BaselineMethod(allow_negative=True))
    assert _participant(db, event_id, a)[2] == pytest.approx(18.0 - 40.0)


def test_an_open_window_is_not_measured(db, measured_case):
    from dr.event import DrConflictError

    event_id, _ = measured_case
    with pytest.raises(DrConflictError):
        measure(db, event_id, _at(EVENT_DAY, 15))


def test_the_worker_completes_measures_and_reports_an_event_once(db, measured_case):
    from dr.schedule import advance_and_measure

    event_id, _ = measured_case
    assert advance_and_measure(db, _at(EVENT_DAY, 23)) == 1
    assert advance_and_measure(db, _at(EVENT_DAY, 23)) == 0
    status = db.execute("SELECT status FROM dr_event WHERE id = %s", (event_id,)).fetchone()[0]
    sent = db.execute(
        "SELECT count(*) FROM notice WHERE event_ref = %s", (f"dr_event:{event_id}:result",)
    ).fetchone()[0]
    assert (status, sent) == ("completed", 2)


def _earlier_event(db, later_id: int, day: date, status: str, answers: dict[int, str]) -> None:
    """An earlier event of the same program on `day` whose participants answered as given."""
    earlier_id = db.execute(
        "INSERT INTO dr_event (program_id, title, starts_at, ends_at, target_kw, transformer_ids,"
        " status, response_deadline) SELECT program_id, 'earlier', %s, %s, 5, '{1}', %s, %s"
        " FROM dr_event WHERE id = %s RETURNING id",
        (_at(day, START), _at(day, END), status, _at(day, START), later_id),
    ).fetchone()[0]
    for index, (customer_id, response) in enumerate(answers.items()):
        db.execute(
            "INSERT INTO dr_participant (event_id, customer_id, transformer_id, token_hash,"
            " response, responded_at) SELECT %s, id, transformer_id, repeat(%s, 64), %s, now()"
            " FROM customer WHERE id = %s",
            (earlier_id, str(index + 5), response, customer_id),
        )


def test_days_of_earlier_events_the_customer_took_part_in_are_not_baseline_days(db, measured_case):
    """Rule: the highest 5 of the last 10 similar days skip the days on which the customer took
    part in an earlier DR event (its load was curtailed), as ISOs do. A took part on the day of
    8 kW (opted in), so its last 10 days are those of 1..7, 9 and 10 kW and the first older day
    (100 kW): highest 5 = 100, 10, 9, 7, 6 kW, window kWh 200 + 20 + 18 + 14 + 12 = 264, mean
    52.8; adjustment (2 - 1) x 2 h = 2 (cap 10.56): 54.8; actual 6; reduction 48.8, x 0.5 =
    24.40. B opted out of that event (it did not take part: the day stays) and a cancelled event
    on the day of 9 kW counts for neither: B's baseline stays 16 + the capped 3.2 = 19.2."""
    event_id, (a, b) = measured_case
    days = similar_days(EVENT_DAY, BaselineMethod())
    _earlier_event(db, event_id, days[7], "completed", {a: "opt_in", b: "opt_out"})
    _earlier_event(db, event_id, days[8], "cancelled", {a: "opt_in", b: "opt_in"})
    measure(db, event_id, _at(EVENT_DAY, 23))
    assert _participant(db, event_id, a) == pytest.approx((54.8, 6.0, 48.8, Decimal("24.40")))
    assert _participant(db, event_id, b) == pytest.approx((19.2, 6.0, 13.2, Decimal("0.00")))
