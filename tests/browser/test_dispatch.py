"""The dispatcher in headless Chromium: reports on the map, new ones without a reload, an
incident selected shows why and where, and the dispatch button creates a crew job."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from playwright.sync_api import Page, expect

from outage.crew_job import crew_token
from tests.outage.incident_factory import MadeIncident, forget_incidents, open_incident

REPORTS = "path.gridops-fault_reports"


@pytest.fixture()
def incident(demo_db_url: str) -> Iterator[MadeIncident]:
    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        made = open_incident(conn, reports=3)
    yield made
    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        forget_incidents(conn, [made.id])


def _add_report(demo_db_url: str, made: MadeIncident) -> None:
    """One more report behind the incident's transformer, as intake would store it."""
    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO fault_report (public_token, channel, input_crs, input_lon, input_lat, "
            "geom, reported_at, transformer_id, supply_area_id, feeder_id, substation_id, "
            "location_method, incident_id, status) "
            "SELECT md5(random()::text), 'app', 'WGS84', ST_X(c.geom), ST_Y(c.geom), c.geom, "
            "now(), t.id, sa.id, t.feeder_id, f.substation_id, 'within', %s, 'in_incident' "
            "FROM customer c JOIN transformer t ON t.id = c.transformer_id "
            "JOIN feeder f ON f.id = t.feeder_id JOIN supply_area sa ON sa.transformer_id = t.id "
            "WHERE t.id = %s ORDER BY c.id DESC LIMIT 1",
            (made.id, made.transformer_id),
        )


def test_reports_show_and_new_ones_arrive_without_a_reload(
    page: Page, console_url: str, demo_db_url: str, incident: MadeIncident
) -> None:
    page.goto(f"{console_url}/dispatch")
    expect(page.locator(f"#dp-incident-row-{incident.id}")).to_be_visible()
    expect(page.locator(REPORTS)).to_have_count(3)
    row = page.locator(f"#dp-incident-row-{incident.id}")
    expect(row).to_contain_text(f"{incident.customers_affected:,}")
    expect(row).to_contain_text("suspected")
    _add_report(demo_db_url, incident)
    expect(page.locator(REPORTS)).to_have_count(4)  # no reload
    expect(row.locator("td").last).to_have_text("4")


def test_selecting_and_dispatching_an_incident_creates_a_job(
    page: Page, console_url: str, demo_db_url: str, incident: MadeIncident
) -> None:
    page.goto(f"{console_url}/dispatch")
    page.get_by_role("button", name=f"#{incident.id}").click()
    expect(page.locator("#dp-heading")).to_contain_text(f"Incident {incident.id}")
    expect(page.locator("#dp-why")).to_contain_text("report behind transformer")
    expect(page.locator("path.gridops-incident").first).to_be_visible()  # area, device, reports
    page.locator("#dp-dispatch").click()
    expect(page.locator("#dp-dispatched")).to_contain_text("dispatched")
    link = page.locator("#dp-dispatched a").get_attribute("href")
    with psycopg.connect(demo_db_url) as conn:
        status, job_id, stored = conn.execute(
            "SELECT i.status, j.id, j.crew_token FROM incident i "
            "JOIN crew_job j ON j.incident_id = i.id WHERE i.id = %s",
            (incident.id,),
        ).fetchone()
    assert status == "dispatched"
    assert link == f"/crew/jobs/{crew_token(job_id)}" and stored is None  # signed, not stored
    expect(page.locator(f"#dp-incident-row-{incident.id}")).to_contain_text("dispatched")
    expect(page.locator("#dp-timeline")).to_contain_text("dispatched")
    expect(page.locator("#dp-dispatch")).to_be_disabled()


def test_a_map_link_opens_the_incident_selected(
    page: Page, console_url: str, incident: MadeIncident
) -> None:
    page.goto(f"{console_url}/dispatch?incident={incident.id}")
    expect(page.locator("#dp-heading")).to_contain_text(f"Incident {incident.id}")
    page.goto(f"{console_url}/dispatch?incident=987654")
    expect(page.locator("#dp-detail")).to_contain_text("No incident 987654")
