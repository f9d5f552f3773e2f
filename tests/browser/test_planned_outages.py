"""Planned outages in headless Chromium: an operator draws an area with mouse clicks and sees
what it touches; a customer taps the public map, shares a location or types an account number
and sees the outage there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from playwright.sync_api import Browser, Page, expect
from shapely import wkb
from shapely.geometry import Point, box, mapping

from gis.geometry import parse_area
from outage import planned_outage as service
from tests.browser.waiting import open_context

TRANSFORMERS = "path.gridops-transformers"


@pytest.fixture()
def clean_outages(demo_db_url: str) -> Iterator[None]:
    """The console commits: each test starts and ends with no planned outage or its notices."""

    def clean() -> None:
        with psycopg.connect(demo_db_url, autocommit=True) as conn:
            conn.execute("DELETE FROM notice WHERE event_ref LIKE 'planned_outage:%'")
            conn.execute("DELETE FROM planned_outage")

    clean()
    yield
    clean()


def _customers_inside(conn: psycopg.Connection, area) -> int:
    rows = conn.execute("SELECT ST_X(geom), ST_Y(geom) FROM customer").fetchall()
    return sum(1 for lon, lat in rows if area.intersects(Point(lon, lat)))


@pytest.mark.usefixtures("clean_outages")
def test_drawing_a_polygon_with_mouse_clicks_shows_the_preview_counts(
    page: Page, console_url: str, demo_db_url: str
) -> None:
    page.goto(f"{console_url}/planned-outages")
    expect(page.locator(TRANSFORMERS).first).to_be_visible()
    page.locator(".leaflet-draw-draw-polygon").click()
    frame = page.locator("#grid-map").bounding_box()
    assert frame is not None
    cx, cy = frame["x"] + frame["width"] / 2, frame["y"] + frame["height"] / 2
    for dx, dy in ((-150, -110), (160, -90), (130, 120), (-120, 100)):
        page.mouse.click(cx + dx, cy + dy)
        page.wait_for_timeout(300)  # a person's pace: quicker clicks read as a double click
    page.locator(".leaflet-draw-actions a", has_text="Finish").click()

    shown = page.locator("#po-count-customers")
    expect(shown).to_have_text(re.compile(r"^[\d,]+$"))
    expect(page.locator("#po-count-devices")).to_contain_text("Transformers")
    expect(page.locator("path.gridops-preview")).to_have_count(1)

    # Save the drawing; the stored area is what was drawn: count its customers with shapely.
    start = datetime.now(UTC) + timedelta(days=3)
    expect(page.locator("#po-zone")).to_have_text(  # the zone the start and end are read in
        "Times are entered and shown in Asia/Shanghai (UTC+08:00)"
    )
    page.locator("#po-title").fill("Switchgear replacement")
    page.locator("#po-reason").fill("Replace 10 kV switchgear")
    page.locator("#po-start").fill(start.astimezone().strftime("%Y-%m-%d 09:00"))
    page.locator("#po-end").fill(start.astimezone().strftime("%Y-%m-%d 17:00"))
    page.locator("#po-save").click()
    expect(page.locator("#po-saved")).to_contain_text("PO-")
    listed = page.locator("#po-list li", has_text="Switchgear replacement").first
    expect(listed).to_contain_text("09:00 – 17:00 +08:00")  # as entered, in GRIDOPS_TIMEZONE
    with psycopg.connect(demo_db_url) as conn:
        stored = conn.execute("SELECT ST_AsBinary(geom) FROM planned_outage").fetchone()
        assert stored is not None
        expected = _customers_inside(conn, wkb.loads(bytes(stored[0])))
    assert expected > 0
    assert int(shown.inner_text().replace(",", "")) == expected


def _publish_centre_outage(demo_db_url: str) -> tuple[str, str]:
    """A published outage over the middle of the territory, starting in an hour; returns its
    title and the account number of a customer inside it."""
    now = datetime.now(UTC)
    with psycopg.connect(demo_db_url) as conn:
        minx, miny, maxx, maxy = conn.execute(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
            "FROM (SELECT ST_Extent(geom)::geometry e FROM territory) t"
        ).fetchone()
        cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
        dx, dy = (maxx - minx) / 5, (maxy - miny) / 5
        draft = service.OutageDraft(
            title="Cable joint repair",
            reason="Repair a 10 kV cable joint",
            starts_at=now + timedelta(hours=1),
            ends_at=now + timedelta(hours=5),
            area=parse_area(mapping(box(cx - dx, cy - dy, cx + dx, cy + dy))),
        )
        outage = service.create(conn, draft, now)
        service.publish(conn, outage.id, now)
        account = conn.execute(
            "SELECT c.account_no FROM planned_outage o "
            "JOIN customer c ON c.id = ANY (o.customer_ids) ORDER BY c.id LIMIT 1"
        ).fetchone()[0]
    return draft.title, account


@pytest.mark.usefixtures("clean_outages")
def test_the_public_page_answers_a_tap_a_location_and_an_account(
    browser: Browser, console_url: str, demo_db_url: str
) -> None:
    title, account = _publish_centre_outage(demo_db_url)
    context = open_context(
        browser,
        locale="en-US",
        viewport={"width": 390, "height": 844},  # a phone
        is_mobile=True,
        has_touch=True,
        geolocation={"longitude": 0.0, "latitude": 0.0},
        permissions=["geolocation"],
    )
    try:
        page = context.new_page()
        page.goto(f"{console_url}/public/outages")
        expect(page.locator("#nav")).to_be_hidden()  # no way into the console
        answer = page.locator("#public-answer")

        public_map = page.locator("#public-map")
        expect(public_map).to_be_visible()
        frame = public_map.bounding_box()
        assert frame is not None
        page.mouse.click(frame["x"] + frame["width"] / 2, frame["y"] + frame["height"] / 2)
        expect(answer).to_contain_text(title)
        expect(answer).to_contain_text("Repair a 10 kV cable joint")

        page.locator("#public-locate").click()  # the phone says it is at 0 E, 0 N
        expect(page.locator("#public-none")).to_be_visible()
        expect(answer).not_to_contain_text(title)

        page.locator("#public-account").fill(account)
        page.locator("#public-account-button").click()
        expect(answer).to_contain_text(title)
        assert account not in answer.inner_text()  # it reveals outages, never customer data
    finally:
        context.close()


def test_the_planned_outage_page_follows_the_language_switch(page: Page, console_url: str) -> None:
    page.goto(f"{console_url}/planned-outages")
    expect(page.locator("#po-save")).to_have_text("Save draft")
    page.get_by_label("中文").check()
    expect(page.locator("#po-save")).to_have_text("保存草稿")
    expect(page.locator("#po-publish")).to_have_text("保存并发布")


def test_the_public_page_shows_a_fault_being_repaired_and_limits_each_client(
    browser: Browser, console_url: str, demo_db_url: str
) -> None:
    from app.api.rate_limit import public_buckets
    from tests.outage.incident_factory import forget_incidents, open_incident

    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        centre_transformer = conn.execute(
            "SELECT sa.transformer_id FROM supply_area sa, "
            "(SELECT ST_Extent(geom)::geometry e FROM territory) t "
            "WHERE ST_Covers(sa.geom, ST_SetSRID(ST_Centroid(t.e), 4326)) ORDER BY sa.id LIMIT 1"
        ).fetchone()[0]
        made = open_incident(conn, transformer_id=centre_transformer, reports=2)
    context = open_context(browser, locale="en-US", viewport={"width": 390, "height": 844})
    limits = public_buckets("outages")
    try:
        page = context.new_page()
        page.goto(f"{console_url}/public/outages")
        public_map = page.locator("#public-map")
        expect(public_map).to_be_visible()
        frame = public_map.bounding_box()
        assert frame is not None
        page.mouse.click(frame["x"] + frame["width"] / 2, frame["y"] + frame["height"] / 2)
        unplanned = page.locator("#public-unplanned")
        expect(unplanned).to_contain_text("A fault is being repaired")
        expect(unplanned).to_contain_text("not yet estimated")
        assert "example.com" not in page.content()  # reporters' contacts never show

        limits._buckets["127.0.0.1"] = (0.0, __import__("time").monotonic())
        page.mouse.click(frame["x"] + frame["width"] / 2 + 5, frame["y"] + frame["height"] / 2)
        expect(page.locator("#public-answer")).to_contain_text("Too many lookups")
    finally:
        limits._buckets.pop("127.0.0.1", None)
        context.close()
        with psycopg.connect(demo_db_url, autocommit=True) as conn:
            forget_incidents(conn, [made.id])


@pytest.mark.usefixtures("clean_outages")
def test_publishing_asks_first_naming_the_customers_and_then_empties_the_form(
    page: Page, console_url: str, demo_db_url: str
) -> None:
    page.goto(f"{console_url}/planned-outages")
    expect(page.locator(TRANSFORMERS).first).to_be_visible()
    page.locator(TRANSFORMERS).first.dispatch_event("click")
    shown = page.locator("#po-count-customers")
    expect(shown).to_have_text(re.compile(r"^[\d,]+$"))
    customers = shown.inner_text()
    start = datetime.now(UTC) + timedelta(days=3)
    page.locator("#po-title").fill("Cable repair")
    page.locator("#po-reason").fill("Replace a cable joint")
    page.locator("#po-start").fill(start.astimezone().strftime("%Y-%m-%d 09:00"))
    page.locator("#po-end").fill(start.astimezone().strftime("%Y-%m-%d 17:00"))

    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator("#po-publish").click()
    expect(page.locator("#po-title")).to_have_value("Cable repair")  # dismissed: nothing sent
    assert asked and f"{customers} customers are told" in asked[0]
    with psycopg.connect(demo_db_url) as conn:
        assert conn.execute("SELECT count(*) FROM planned_outage").fetchone() == (0,)

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#po-publish").click()
    expect(page.locator("#po-saved")).to_contain_text("notices written")
    for field in ("#po-title", "#po-reason", "#po-start", "#po-end"):
        expect(page.locator(field)).to_have_value("")
    expect(page.locator("#po-picked-list")).to_have_text("—")
    expect(page.locator("#po-preview")).to_contain_text("Nothing drawn or picked yet.")
    with psycopg.connect(demo_db_url) as conn:
        assert conn.execute(
            "SELECT count(*) FROM planned_outage WHERE status = 'published'"
        ).fetchone() == (1,)
