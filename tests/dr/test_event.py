"""Targeting, preview, the rules of a window, and publishing requests."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from zoneinfo import ZoneInfo

import psycopg
import pytest
import shapely
from shapely.geometry import Point, box

from dr import event as service
from dr.models import DrEventStatus, DrProgram
from dr.settings import dr_settings
from dr.target import DrRejectedError, Target
from gis.geometry import parse_area
from tests.dr.conftest import EVENT_END, EVENT_START, PLANNED_AT, sent_tokens


def _west_half(db: psycopg.Connection) -> shapely.Polygon:
    xmin, ymin, xmax, ymax = db.execute(
        "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
        "FROM (SELECT ST_Extent(geom)::geometry AS e FROM customer) AS x"
    ).fetchone()
    return box(xmin - 0.001, ymin - 0.001, (xmin + xmax) / 2, ymax + 0.001)


def _draft(program: DrProgram, target: Target, **changes: object) -> service.EventDraft:
    draft = service.EventDraft(
        program_id=program.id,
        title="evening peak",
        starts_at=EVENT_START,
        ends_at=EVENT_END,
        target_kw=50.0,
        target=target,
    )
    return replace(draft, **changes)


def test_area_targets_the_enrolled_customers_inside_as_shapely_finds(db, program):
    """Targeting: the enrolled customers whose point lies in the drawn area, no others."""
    polygon = _west_half(db)
    rows = db.execute(
        "SELECT c.id, ST_X(c.geom), ST_Y(c.geom) FROM customer c "
        "JOIN dr_enrolment e ON e.customer_id = c.id AND e.program_id = %s",
        (program.id,),
    ).fetchall()
    expected = {cid for cid, x, y in rows if polygon.covers(Point(x, y))}
    assert 0 < len(expected) < len(rows)
    area = parse_area(shapely.geometry.mapping(polygon))
    _, preview = service.preview(db, _draft(program, Target(area=area)), PLANNED_AT)
    assert preview.customers == len(expected)
    created = service.create(db, _draft(program, Target(area=area)), PLANNED_AT)
    service.publish(db, created.id, PLANNED_AT)
    got = {
        r[0]
        for r in db.execute(
            "SELECT customer_id FROM dr_participant WHERE event_id = %s", (created.id,)
        )
    }
    assert got == expected


def test_preview_sums_pledges_and_typical_response_and_relieves_transformers(db, program):
    _, preview = service.preview(db, _draft(program, Target(transformer_ids=(1, 2))), PLANNED_AT)
    assert preview.customers > 0
    assert {t.transformer_id for t in preview.transformers} <= {1, 2}
    assert preview.expected_kw == pytest.approx(
        sum(t.expected_relief_kw for t in preview.transformers), abs=0.2
    )
    for relief in preview.transformers:
        assert relief.baseline_kw > 0
        assert relief.loading_after_pct < relief.loading_before_pct


def test_a_transformers_baseline_is_its_mean_load_in_the_windows_hours(db, program):
    """The preview's baseline per transformer, computed again from the readings in Python: the
    mean of the window's local hours over the reference days before the newest reading."""
    settings = dr_settings()
    zone = ZoneInfo(settings.timezone)
    _, preview = service.preview(db, _draft(program, Target(transformer_ids=(1, 2))), PLANNED_AT)
    newest = db.execute("SELECT max(ts) FROM transformer_latest_load").fetchone()[0]
    reference = min(PLANNED_AT, newest)
    length = round((EVENT_END - EVENT_START) / timedelta(hours=1))
    hours = {EVENT_START.astimezone(zone).hour + i for i in range(length)}
    for relief in preview.transformers:
        readings = db.execute(
            "SELECT ts, kw FROM load_reading WHERE transformer_id = %s AND ts > %s AND ts <= %s",
            (relief.transformer_id, reference - timedelta(days=settings.reference_days), reference),
        ).fetchall()
        kept = [kw for ts, kw in readings if ts.astimezone(zone).hour in hours]
        assert len(kept) >= (settings.reference_days - 1) * length
        assert relief.baseline_kw == pytest.approx(sum(kept) / len(kept), abs=0.051)


def test_publish_writes_one_dr_request_per_participant_with_distinct_tokens(db, program):
    created = service.create(db, _draft(program, Target(transformer_ids=(3, 4, 5))), PLANNED_AT)
    event, written = service.publish(db, created.id, PLANNED_AT)
    participants = db.execute(
        "SELECT count(*) FROM dr_participant WHERE event_id = %s", (created.id,)
    ).fetchone()[0]
    notices = db.execute(
        "SELECT count(*), count(DISTINCT recipient_id) "
        "FROM notice WHERE kind = 'dr_request' AND event_ref = %s",
        (f"dr_event:{created.id}:m0",),
    ).fetchone()
    tokens = sent_tokens(db, f"dr_event:{created.id}:m0")
    assert event.status is DrEventStatus.PUBLISHED
    assert participants == written == notices[0] == notices[1] == len(set(tokens))
    assert event.responses.participants == written > 0


def test_a_new_window_is_a_new_modification_with_new_requests(db, program):
    created = service.create(db, _draft(program, Target(transformer_ids=(3,))), PLANNED_AT)
    _, first = service.publish(db, created.id, PLANNED_AT)
    moved, again = service.update(
        db,
        created.id,
        service.EventChanges(
            starts_at=EVENT_START + timedelta(hours=1), ends_at=EVENT_END + timedelta(hours=1)
        ),
        PLANNED_AT,
    )
    assert moved.modification_number == 1
    assert again == first > 0
    cancelled, _ = service.cancel(db, created.id)
    assert cancelled.status is DrEventStatus.CANCELLED
    with pytest.raises(service.DrConflictError):
        service.update(db, created.id, service.EventChanges(title="again"), PLANNED_AT)


def test_cancelling_a_published_event_tells_every_participant_once(db, program):
    """Rule: "edits and cancellations notify again" — one dr_cancelled per participant, in the
    customer's language, with the window; tokens stop answering (tests/dr/test_response.py)."""
    from gis.vocabulary import Language
    from notify.models import NoticeKind
    from notify.settings import notify_settings
    from notify.text import render

    created = service.create(db, _draft(program, Target(transformer_ids=(3, 4))), PLANNED_AT)
    _, asked = service.publish(db, created.id, PLANNED_AT)
    cancelled, told = service.cancel(db, created.id)
    notices = db.execute(
        "SELECT recipient_id, language, payload FROM notice WHERE kind = 'dr_cancelled' "
        "AND event_ref = %s",
        (f"dr_event:{created.id}:cancelled",),
    ).fetchall()
    participants = {
        r[0]
        for r in db.execute(
            "SELECT customer_id FROM dr_participant WHERE event_id = %s", (created.id,)
        )
    }
    assert cancelled.status is DrEventStatus.CANCELLED
    assert told == asked == len(notices) == len(participants) > 0
    assert {n[0] for n in notices} == participants
    settings = notify_settings()
    english = render(NoticeKind.DR_CANCELLED, Language.EN, notices[0][2], settings)
    chinese = render(NoticeKind.DR_CANCELLED, Language.ZH_CN, notices[0][2], settings)
    assert english.subject.startswith("Demand response request cancelled")
    assert "2026-10-30 14:00" in english.subject and "2026-10-30 16:00" in english.subject
    assert "evening peak" in english.body and "/dr?event=" not in english.body
    assert chinese.subject.startswith("需求响应邀约已取消") and "无需" in chinese.body
    with pytest.raises(service.DrConflictError):
        service.cancel(db, created.id)


def test_cancelling_a_draft_sends_nothing(db, program):
    created = service.create(db, _draft(program, Target(transformer_ids=(3,))), PLANNED_AT)
    cancelled, told = service.cancel(db, created.id)
    assert (cancelled.status, told) == (DrEventStatus.CANCELLED, 0)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_at": PLANNED_AT - timedelta(hours=3)}, "starts_at"),  # in the past
        ({"ends_at": EVENT_START + timedelta(hours=4)}, "ends_at"),  # over max_duration 3 h
        (  # within the notice lead of 4 h
            {
                "starts_at": PLANNED_AT + timedelta(hours=2),
                "ends_at": PLANNED_AT + timedelta(hours=3),
            },
            "starts_at",
        ),
        ({"starts_at": EVENT_START + timedelta(minutes=30)}, "starts_at"),  # not on the hour
    ],
)
def test_windows_outside_the_rules_are_refused_naming_the_field(db, program, changes, field):
    draft = _draft(program, Target(transformer_ids=(3,)), **changes)
    with pytest.raises(DrRejectedError) as caught:
        service.create(db, draft, PLANNED_AT)
    assert caught.value.field == field


def test_more_events_than_the_month_allows_are_refused(db, program):
    for day in range(4):
        start = EVENT_START - timedelta(days=day) + timedelta(days=1)
        draft = _draft(
            program,
            Target(transformer_ids=(3,)),
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )
        service.create(db, draft, PLANNED_AT - timedelta(days=4))
    with pytest.raises(DrRejectedError, match="4 events a month"):
        service.create(db, _draft(program, Target(transformer_ids=(3,))), PLANNED_AT)


def test_a_target_without_enrolled_customers_is_refused_clearly(db, program):
    far = parse_area(
        {"type": "Polygon", "coordinates": [[[0, 0], [0.01, 0], [0.01, 0.01], [0, 0]]]}
    )
    with pytest.raises(DrRejectedError, match="no customer enrolled") as caught:
        service.create(db, _draft(program, Target(area=far)), PLANNED_AT)
    assert caught.value.field == "geometry"


def test_forecast_target_without_a_forecast_run_is_refused(db, program):
    if db.execute("SELECT count(*) FROM forecast_run").fetchone()[0]:
        db.execute("DELETE FROM forecast_run")
    with pytest.raises(DrRejectedError) as caught:
        service.preview(db, _draft(program, Target(min_loading_pct=80)), PLANNED_AT)
    assert caught.value.field == "min_loading_pct"


def test_the_console_offers_the_active_programs_by_name(db, program):
    from dr.program import list_programs

    offered = list_programs(db)
    assert program in offered
    assert [p.name for p in offered] == sorted(p.name for p in offered)
    db.execute("UPDATE dr_program SET active = false WHERE id = %s", (program.id,))
    assert program.id not in [p.id for p in list_programs(db)]


def test_preview_or_publish_previews_without_writing(db, program):
    """preview_or_publish (the console's Preview): the preview only, no event is made."""
    before = len(service.list_events(db))
    draft = _draft(program, Target(transformer_ids=(3, 4, 5)))
    shown = service.preview_or_publish(db, draft, PLANNED_AT)
    _, expected = service.preview(db, draft, PLANNED_AT)
    assert shown.preview == expected and shown.preview.customers > 0
    assert shown.event is None and shown.notices == 0 and shown.events is None
    assert len(service.list_events(db)) == before


def test_preview_or_publish_publishes_and_lists_the_new_event(db, program):
    """preview_or_publish with publishing (the console's Publish): preview, create, publish
    and the newest events, in one call; one dr_request per participant."""
    draft = _draft(program, Target(transformer_ids=(3, 4, 5)))
    shown = service.preview_or_publish(db, draft, PLANNED_AT, publishing=True, listed=5)
    assert shown.event is not None and shown.event.status is DrEventStatus.PUBLISHED
    requests = db.execute(
        "SELECT count(*) FROM notice WHERE kind = 'dr_request' AND event_ref = %s",
        (f"dr_event:{shown.event.id}:m0",),
    ).fetchone()[0]
    assert shown.notices == requests == shown.event.responses.participants > 0
    assert shown.events is not None and len(shown.events) <= 5
    assert shown.event.id in {event.id for event in shown.events}
    assert shown.preview.customers > 0


def test_preview_or_publish_refuses_a_target_without_enrolled_customers(db, program):
    before = len(service.list_events(db))
    nowhere = parse_area(shapely.geometry.mapping(box(0, 0, 0.001, 0.001)))
    with pytest.raises(DrRejectedError):
        service.preview_or_publish(db, _draft(program, Target(area=nowhere)), PLANNED_AT, True)
    assert len(service.list_events(db)) == before
