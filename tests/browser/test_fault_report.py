"""The public fault report page on a phone: tap the map or share the location, leave a contact,
send; the answer shows the report number and the status link."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from playwright.sync_api import Browser, expect

from tests.browser.waiting import open_context
from tests.outage.incident_factory import reports_forgotten


@pytest.fixture()
def forget_reports(demo_db_url: str) -> Iterator[None]:
    """The page commits: what a test here stores goes afterwards."""
    with reports_forgotten(demo_db_url):
        yield


@pytest.mark.usefixtures("forget_reports")
def test_a_customer_reports_a_fault_from_a_phone(
    browser: Browser, console_url: str, demo_db_url: str
) -> None:
    with psycopg.connect(demo_db_url) as conn:
        lon, lat = conn.execute(
            "SELECT ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) "
            "FROM supply_area ORDER BY id LIMIT 1"
        ).fetchone()
    context = open_context(
        browser,
        locale="en-US",
        viewport={"width": 390, "height": 844},  # a phone
        is_mobile=True,
        has_touch=True,
        geolocation={"longitude": lon, "latitude": lat},
        permissions=["geolocation"],
    )
    try:
        page = context.new_page()
        page.goto(f"{console_url}/public/report")
        expect(page.locator("#nav")).to_be_hidden()  # no way into the console
        answer = page.locator("#fault-report-answer")
        report_map = page.locator("#fault-report-map")
        expect(report_map).to_be_visible()

        page.locator("#fault-report-submit").click()  # no place yet
        expect(answer).to_contain_text("Tap the map first")

        frame = report_map.bounding_box()
        assert frame is not None
        page.mouse.click(frame["x"] + frame["width"] / 2, frame["y"] + frame["height"] / 2)
        expect(page.locator("#fault-report-place-hint")).to_contain_text("Place:")
        page.locator("#fault-report-submit").click()  # no contact
        expect(answer).to_contain_text("Phone or e-mail")

        page.locator("#fault-report-locate").click()  # the phone is inside a supply area
        expect(page.locator("#fault-report-place-hint")).to_contain_text(f"{lon:.5f}")
        page.locator("#fault-report-contact").fill("customer@example.com")
        page.locator("#fault-report-description").fill("<b>No power</b> since 9:00")
        page.locator("#fault-report-submit").click()
        expect(answer).to_contain_text("received")
        expect(answer).to_contain_text("joins outage")
        link = page.locator("#fault-report-status-link")
        href = link.get_attribute("href")
        # issue 12 §6: "Follow your report" opened raw JSON; it opens the progress page
        assert href and href.startswith("/public/reports/") and href.endswith("?lang=en")
        assert "customer@example.com" not in answer.inner_text()
        progress = context.new_page()
        progress.goto(f"{console_url}{href}")
        expect(progress.locator("#report-status")).to_have_text("being looked into")
        expect(progress.locator("#report-progress-page")).to_contain_text("No crew has been sent")
        expect(progress.locator("#nav")).to_be_hidden()
    finally:
        context.close()
    with psycopg.connect(demo_db_url) as conn:
        channel, description = conn.execute(
            "SELECT channel, description FROM fault_report ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert channel == "web" and description == "<b>No power</b> since 9:00"


@pytest.mark.usefixtures("forget_reports")
def test_a_chinese_phone_outside_the_territory_is_told_why_in_chinese(
    browser: Browser, console_url: str, demo_db_url: str
) -> None:
    with psycopg.connect(demo_db_url) as conn:
        lon, lat, before = conn.execute(
            "SELECT ST_XMax(e) + 0.2, ST_YMax(e) + 0.2, (SELECT count(*) FROM fault_report) "
            "FROM (SELECT ST_Extent(geom) AS e FROM territory) AS t"
        ).fetchone()
    context = open_context(
        browser,
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        geolocation={"longitude": lon, "latitude": lat},  # some 20 km beyond the territory
        permissions=["geolocation"],
    )
    try:
        page = context.new_page()
        page.goto(f"{console_url}/public/report")
        page.locator("#fault-report-locate").click()
        expect(page.locator("#fault-report-place-hint")).to_contain_text(f"{lon:.5f}")
        page.locator("#fault-report-contact").fill("13800138000")
        page.locator("#fault-report-submit").click()
        answer = page.locator("#fault-report-answer")
        expect(answer).to_contain_text("该位置不在本公司供电范围内")
        expect(answer).not_to_contain_text("territory")
    finally:
        context.close()
    with psycopg.connect(demo_db_url) as conn:
        after = conn.execute("SELECT count(*) FROM fault_report").fetchone()[0]
    assert after == before  # nothing stored
