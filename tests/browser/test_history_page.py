"""The outage history page in headless Chromium: a restored incident and a completed planned
outage stay listed with their duration, customers and customer-minutes, at times in the
configured zone; the indices by month and their chart; the cause filter; the CSV export; the
page in Chinese; no error in the browser's console."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest
from playwright.sync_api import Page, expect

from gis.local_time import format_span
from tests.outage.history_factory import completed_planned_outage, restored_incident

ZONE = "Asia/Shanghai"
pytestmark = pytest.mark.usefixtures("console_errors")


@pytest.fixture()
def outages(demo_db_url: str) -> Iterator[dict]:
    """Within the page's default period (the last twelve months): a restored incident of
    75 minutes and a completed planned outage of 2 hours, committed and removed afterwards."""
    opened = (datetime.now(UTC) - timedelta(days=3)).replace(microsecond=0)
    with psycopg.connect(demo_db_url) as conn:
        t1, t2 = [
            r[0]
            for r in conn.execute(
                "SELECT transformer_id FROM customer GROUP BY 1 ORDER BY count(*) DESC, 1 "
                "LIMIT 2 OFFSET 5"
            )
        ]
        incident = restored_incident(conn, "transformer", t1, opened, 75)
        planned = completed_planned_outage(conn, t2, opened - timedelta(days=1), 120)
        code, customers = conn.execute(
            "SELECT t.code, i.customers_affected FROM incident i "
            "JOIN transformer t ON t.id = i.transformer_id WHERE i.id = %s",
            (incident,),
        ).fetchone()
    yield {"opened": opened, "code": code, "customers": customers}
    with psycopg.connect(demo_db_url) as conn:
        conn.execute("DELETE FROM incident WHERE id = %s", (incident,))
        conn.execute("DELETE FROM planned_outage WHERE id = %s", (planned,))


def _fault_row(page: Page, code: str):
    return page.locator("#hi-outages tr", has_text=code)


def test_a_restored_incident_stays_with_its_customer_minutes(
    page: Page, console_url: str, outages: dict
) -> None:
    page.goto(console_url)
    page.locator("#nav a", has_text="History").click()
    expect(page.locator("h2")).to_have_text("Outage history and reliability")
    row = _fault_row(page, outages["code"])
    expect(row).to_have_count(1)
    ended = outages["opened"] + timedelta(minutes=75)
    expect(row).to_contain_text(format_span(outages["opened"], ended, name=ZONE))
    expect(row).to_contain_text("1 h 15 min")
    expect(row).to_contain_text("Transformer fault")
    expect(row).to_contain_text(f"{outages['customers'] * 75:,}")
    expect(page.locator("#hi-outages tr.gridops-outage-planned").first).to_be_visible()
    expect(page.locator("#hi-definitions")).to_contain_text("longer than 5 minutes is sustained")
    expect(page.locator("#hi-indices")).to_contain_text("Whole period")
    expect(page.locator("#hi-chart .main-svg").first).to_be_attached()
    opened_month = outages["opened"].astimezone(ZoneInfo(ZONE)).strftime("%Y-%m")
    expect(page.locator("#hi-indices tr", has_text=opened_month).first).to_be_visible()


def test_the_cause_filter_keeps_only_that_cause(
    page: Page, console_url: str, outages: dict
) -> None:
    page.goto(f"{console_url}/history")
    expect(_fault_row(page, outages["code"])).to_have_count(1)
    page.locator("#hi-cause").click()
    page.locator(".Select-menu-outer, .dash-dropdown-options", has_text="Planned work").get_by_text(
        "Planned work"
    ).click()
    expect(_fault_row(page, outages["code"])).to_have_count(0)
    expect(page.locator("#hi-outages tr.gridops-outage-planned").first).to_be_visible()
    expect(page.locator("#hi-outages tr.gridops-outage-unplanned")).to_have_count(0)


def test_outages_export_as_csv(page: Page, console_url: str, outages: dict) -> None:
    page.goto(f"{console_url}/history")
    expect(_fault_row(page, outages["code"])).to_have_count(1)
    with page.expect_download() as download:
        page.locator("#hi-export-history").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    (fault,) = [r for r in rows if r["title"] == outages["code"]]
    assert fault["duration_min"] == "75.0"
    assert fault["started_at"].endswith("+08:00")
    with page.expect_download() as download:
        page.locator("#hi-export-indices").click()
    header = Path(download.value.path()).read_text().splitlines()[0]
    assert header.startswith("month,feeder_code,kind,customers_served")


def test_the_page_in_chinese(page: Page, console_url: str, outages: dict) -> None:
    page.goto(f"{console_url}/history")
    page.get_by_label("中文").check()
    expect(page.locator("h2")).to_have_text("停电历史与供电可靠性")
    expect(page.locator("#hi-definitions")).to_contain_text("停电超过 5 分钟为持续停电")
    expect(_fault_row(page, outages["code"])).to_contain_text("1 小时 15 分钟")
    expect(page.locator("#hi-indices")).to_contain_text("全时段")
