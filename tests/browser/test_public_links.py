"""Issue 12 §6 and §10: the links in customers' notices, opened on a phone as the worker sends
them, show the thing itself on a public page in the notice's language — the planned outage
with its window, reason and area; the DR request with its window and incentive."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import psycopg
import pytest
from playwright.sync_api import Browser, expect
from shapely.geometry import box, mapping

from dr import event as dr_service
from dr.program import ProgramDraft, create_program, enrol_share
from dr.target import Target
from gis.geometry import parse_area
from gis.local_time import format_span
from notify.settings import notify_settings
from notify.text import render
from outage import planned_outage as outage_service
from tests.browser.waiting import open_context


def _sent_link(conn: psycopg.Connection, event_ref: str, kind: str, language: str) -> str:
    """The link of the first such notice as the worker sends it, in `language`."""
    row = conn.execute(
        "SELECT payload, recipient_type, recipient_id FROM notice "
        "WHERE event_ref = %s AND kind = %s ORDER BY id LIMIT 1",
        (event_ref, kind),
    ).fetchone()
    text = render(kind, language, row[0], notify_settings(), (row[1], row[2]))
    links = re.findall(r"https?://\S+", text.body)
    assert len(links) == 1, text.body
    return links[0].split("://", 1)[1].split("/", 1)[1]  # the path: the test serves it


@pytest.fixture()
def phone(browser: Browser) -> Iterator:
    context = open_context(
        browser,
        locale="en-US",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    yield context.new_page()
    context.close()


@pytest.fixture()
def published_outage(demo_db_url: str) -> Iterator[int]:
    now = datetime.now(UTC)
    with psycopg.connect(demo_db_url) as conn:
        minx, miny, maxx, maxy = conn.execute(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
            "FROM (SELECT ST_Extent(geom)::geometry e FROM territory) t"
        ).fetchone()
        cx, cy, dx, dy = (minx + maxx) / 2, (miny + maxy) / 2, (maxx - minx) / 8, (maxy - miny) / 8
        draft = outage_service.OutageDraft(
            title="Link test joint repair",
            reason="Repair a 10 kV cable joint",
            starts_at=now + timedelta(hours=1),
            ends_at=now + timedelta(hours=5),
            area=parse_area(mapping(box(cx - dx, cy - dy, cx + dx, cy + dy))),
        )
        outage = outage_service.create(conn, draft, now)
        outage_service.publish(conn, outage.id, now)
    yield outage.id
    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        conn.execute(
            "DELETE FROM notice WHERE event_ref LIKE %s", (f"planned_outage:{outage.id}:%",)
        )
        conn.execute("DELETE FROM planned_outage WHERE id = %s", (outage.id,))


def test_an_outage_notice_opens_the_outage_and_its_area_in_its_language(
    phone, console_url: str, demo_db_url: str, published_outage: int
) -> None:
    """It linked /public/outages?planned_outage=N, which ignored the parameter."""
    with psycopg.connect(demo_db_url) as conn:
        path = _sent_link(conn, f"planned_outage:{published_outage}:r1", "outage_notice", "zh-CN")
    assert path.startswith(f"public/outages?planned_outage={published_outage}&lang=zh-CN")
    phone.goto(f"{console_url}/{path}")
    shown = phone.locator("#public-outage")
    expect(shown).to_contain_text("计划停电：Link test joint repair")
    expect(shown).to_contain_text("停电原因：Repair a 10 kV cable joint")
    expect(shown).to_contain_text("已发布")
    area = phone.locator("#public-map .leaflet-overlay-pane path")
    expect(area).to_have_count(1)  # its area, drawn
    expect(phone.locator("#nav")).to_be_hidden()
    phone.goto(f"{console_url}/public/outages?planned_outage=999999&lang=en")
    expect(shown).to_contain_text("not announced")


@pytest.fixture()
def dr_event(demo_db_url: str) -> Iterator[tuple[int, datetime]]:
    now = datetime.now(UTC)
    start = (now.astimezone(ZoneInfo("Asia/Shanghai")) + timedelta(days=2)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )
    with psycopg.connect(demo_db_url) as conn:
        program = create_program(conn, ProgramDraft("link test", Decimal("0.75")))
        enrol_share(conn, program.id, 0.3)
        draft = dr_service.EventDraft(
            program.id, "Link peak", start, start + timedelta(hours=2), 30.0,
            Target(transformer_ids=(11, 12)),
        )  # fmt: skip
        event, _ = dr_service.publish(conn, dr_service.create(conn, draft, now).id, now)
    yield event.id, start
    with psycopg.connect(demo_db_url) as conn:
        conn.execute("DELETE FROM notice WHERE event_ref LIKE %s", (f"dr_event:{event.id}:%",))
        conn.execute("DELETE FROM dr_event WHERE id = %s", (event.id,))
        conn.execute("DELETE FROM dr_program WHERE id = %s", (program.id,))


def test_a_dr_request_opens_its_answer_page_with_window_and_incentive(
    phone, console_url: str, demo_db_url: str, dr_event: tuple[int, datetime]
) -> None:
    """Its map link opened the operator DR page; the answer page showed no window."""
    event_id, start = dr_event
    with psycopg.connect(demo_db_url) as conn:
        path = _sent_link(conn, f"dr_event:{event_id}:m0", "dr_request", "zh-CN")
    assert path.startswith("public/dr/") and path.endswith("?lang=zh-CN")
    phone.goto(f"{console_url}/{path}")
    window = format_span(start, start + timedelta(hours=2))
    expect(phone.locator("#dr-answer-window")).to_have_text(f"时段：{window}")
    expect(phone.locator("#dr-answer-incentive")).to_contain_text("0.75 元")
    take_part = phone.get_by_role("button", name="参与", exact=True)
    expect(take_part).to_be_visible()
    take_part.click()
    expect(phone.locator(".dr-answer")).to_contain_text("感谢您参与")
