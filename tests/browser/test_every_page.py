"""Every console page (operator, public and crew) in headless Chromium, in English and in
Chinese, with its main controls used: no page logs a console error or throws, every string a
Chinese reader sees is Chinese (or a code, a number or a unit), and the pages fit a 1400 px
screen and a phone.

The pages run on their own database (the small demo, a forecast, a measured DR event, a
planned one, an incident with its crew job, a published planned outage), so that every panel
has something to show and nothing here disturbs the other browser tests."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import psycopg
import pytest
from playwright.sync_api import Browser, Page, Route, expect
from shapely.geometry import box, mapping

from data.grid_network import GridNetwork
from data.grid_writer import analyze_grid, write_network
from dr import event as dr_events
from dr.demo import run_demo
from dr.program import ProgramDraft, create_program, enrol_share
from dr.target import Target
from forecasting.models import ForecastSettings
from forecasting.run import run_forecast
from gis.geometry import parse_area
from gis.migrate import upgrade
from gis.settings import WebSettings
from outage import planned_outage as outages
from outage.dispatch import dispatch
from tests.browser.conftest import serve_console
from tests.browser.page_errors import PageErrors
from tests.browser.waiting import open_context
from tests.conftest import create_database, drop_database
from tests.dr.conftest import sent_tokens
from tests.outage.incident_factory import open_incident

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class World:
    url: str
    transformer_id: int
    measured_event: int
    planned_event: int
    crew_token: str
    answer_token: str


@pytest.fixture(scope="module")
def world(maintenance_url: str, demo_network: GridNetwork) -> Iterator[World]:
    name, db_url = create_database(maintenance_url, "gridops_test_pages")
    try:
        with psycopg.connect(db_url, autocommit=True) as conn:
            upgrade(conn)
        with psycopg.connect(db_url) as conn:
            with conn.transaction():
                write_network(conn, demo_network)
            conn.autocommit = True
            analyze_grid(conn)
        with psycopg.connect(db_url) as conn:
            world = _fill(conn)
            conn.commit()
        with serve_console(db_url) as url:
            yield World(url, *world)
    finally:
        drop_database(maintenance_url, name)


def _fill(conn: psycopg.Connection) -> tuple[int, int, int, str, str]:
    now = datetime.now(UTC)
    run_forecast(conn, ForecastSettings(peak_horizon_days=365, peak_scenarios=20))
    # a Chinese utility names its grid, programs and events in Chinese
    conn.execute("UPDATE grid_source SET name = '示范电网（小型）'")
    conn.execute("UPDATE crew SET name = '抢修' || id || '班'")
    transformer_id = conn.execute(
        "SELECT transformer_id FROM transformer_forecast WHERE status = 'ok' "
        "ORDER BY loading_pct DESC LIMIT 1"
    ).fetchone()[0]
    measured = run_demo(conn, share=0.2, transformers=5).event_id
    conn.execute("UPDATE dr_program SET name = '夏季晚高峰（演示）'")
    conn.execute("UPDATE dr_event SET title = '晚高峰削峰' WHERE id = %s", (measured,))
    program = create_program(conn, ProgramDraft("夏季削峰", Decimal("0.5")))
    enrol_share(conn, program.id, 0.3)
    start = (now.astimezone(SHANGHAI) + timedelta(days=2)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )
    draft = dr_events.EventDraft(
        program.id,
        "晚高峰",
        start,
        start + timedelta(hours=2),
        30.0,
        Target(transformer_ids=(11, 12)),
    )
    planned, _ = dr_events.publish(conn, dr_events.create(conn, draft, now).id, now)
    answer_token = sent_tokens(conn, f"dr_event:{planned.id}:m0")[0]
    incident = open_incident(conn, reports=2)
    job = dispatch(conn, incident.id, now)
    west, south, east, north = conn.execute(
        "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
        "FROM (SELECT ST_Extent(geom) AS e FROM transformer) x"
    ).fetchone()
    area = box(west, south, west + (east - west) / 3, south + (north - south) / 3)
    outage = outages.create(
        conn,
        outages.OutageDraft(
            title="线路检修",
            reason="更换开关",
            starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=6),
            area=parse_area(mapping(area)),
        ),
        now,
    )
    outages.publish(conn, outage.id, now)
    return transformer_id, measured, planned.id, job.crew_token, answer_token


# One blank PNG tile: the basemap is the operator's tile server (GRIDOPS_BASEMAP_URL), outside
# this machine; the console itself loads nothing from anywhere but its own server.
BLANK_TILE = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
BASEMAP_HOST = urlsplit(WebSettings().basemap_url).hostname


class Watch:
    """What one page reports as broken (tests/browser/page_errors.py: console errors of its own
    and uncaught exceptions), and any request leaving the machine."""

    def __init__(self, page: Page, console_url: str) -> None:
        self.collected = PageErrors.watch(page, console_url)
        page.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), self._outside)

    @property
    def errors(self) -> list[str]:
        return self.collected.messages

    def _outside(self, route: Route) -> None:
        if urlsplit(route.request.url).hostname == BASEMAP_HOST:
            route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)
        else:
            self.errors.append(f"request outside the console: {route.request.url}")
            route.abort()


def _open(browser: Browser, locale: str, width: int = 1400, height: int = 900) -> Page:
    context = open_context(browser, locale=locale, viewport={"width": width, "height": height})
    return context.new_page()


def _ready(page: Page) -> None:
    """Dash has rendered the page and answered its first callbacks."""
    expect(page.locator("#react-entry-point ._dash-loading")).to_have_count(0)
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")
    page.wait_for_timeout(500)


def _use_grid(page: Page, world: World) -> None:
    expect(page.locator("path.gridops-transformers").first).to_be_visible()
    page.locator("path.gridops-transformers").first.dispatch_event("click")
    expect(page.locator("#grid-panel h2")).not_to_have_text("")
    page.locator(".leaflet-control-layers").hover()


def _use_planned(page: Page, world: World) -> None:
    expect(page.locator("path.gridops-transformers").first).to_be_visible()
    page.locator("path.gridops-transformers").first.dispatch_event("click")
    expect(page.locator("#po-count-customers")).to_be_visible()
    page.locator(".leaflet-draw-draw-polygon").hover()


def _use_dispatch(page: Page, world: World) -> None:
    page.locator("#dp-list button").first.click()
    expect(page.locator("#dp-heading")).to_be_visible()


def _use_forecast(page: Page, world: World) -> None:
    expect(page.locator("#fc-run")).not_to_be_empty()
    page.locator("#fc-horizon [role='slider']").first.press("Home")


def _use_transformer(page: Page, world: World) -> None:
    expect(page.locator("#fc-load-graph .js-plotly-plot")).to_be_visible()
    if page.evaluate("navigator.language").startswith("zh"):  # plotly's own zh-CN dates
        months = page.locator("#fc-peak-graph .xtick text")
        expect(months.first).to_have_text(re.compile("[一二三四五六七八九十]"))


def _use_dr(page: Page, world: World) -> None:
    """Every event selected in turn, the measured one between the others (its chart gives way
    to none), then a preview of the filled-in form."""
    events = page.locator("#dr-events input")
    expect(events.first).to_be_visible()
    measured = page.locator(f"#dr-events input[value='{world.measured_event}']")
    for index in range(events.count()):
        measured.check()
        expect(page.locator("#dr-chart .js-plotly-plot")).to_be_visible()
        _ready(page)
        events.nth(index).check()
        _ready(page)
    page.locator("#dr-target-kw").fill("30")
    page.locator("#dr-min-loading").fill("60")
    page.locator("#dr-start").fill("2030-07-01 18:00")
    page.locator("#dr-end").fill("2030-07-01 20:00")
    page.locator("#dr-preview-button").click()
    expect(page.locator(".dr-preview")).to_be_visible()


def _use_notices(page: Page, world: World) -> None:
    expect(page.locator("#notice-table")).not_to_be_empty()


def _use_public_outages(page: Page, world: World) -> None:
    page.locator("#public-map").click()
    _ready(page)


def _use_fault_report(page: Page, world: World) -> None:
    page.locator("#fault-report-map").click()
    _ready(page)


def _use_dr_answer(page: Page, world: World) -> None:
    expect(page.locator("#dr-answer-opt-in")).to_be_visible()


def _use_crew(page: Page, world: World) -> None:
    expect(page.locator("#crew-status")).to_be_visible()


Use = Callable[[Page, World], None]
PAGES: dict[str, tuple[Callable[[World], str], Use]] = {
    "grid": (lambda w: "/", _use_grid),
    "planned outages": (lambda w: "/planned-outages", _use_planned),
    "dispatch": (lambda w: "/dispatch", _use_dispatch),
    "forecast": (lambda w: "/forecast", _use_forecast),
    "transformer forecast": (
        lambda w: f"/forecast/transformer/{w.transformer_id}",
        _use_transformer,
    ),
    "demand response": (lambda w: f"/dr?event={w.planned_event}", _use_dr),
    "notices": (lambda w: "/notices", _use_notices),
    "public outages": (lambda w: "/public/outages", _use_public_outages),
    "public report": (lambda w: "/public/report", _use_fault_report),
    "DR answer": (lambda w: f"/public/dr/{w.answer_token}", _use_dr_answer),
    "crew job": (lambda w: f"/crew/jobs/{w.crew_token}", _use_crew),
}


# Words a Chinese page may show in Latin letters: units, formats, product names and the name
# of the other language on the language switch.
LATIN_WORDS = {
    "English", "kW", "kWh", "kVA", "MVA", "kV", "km", "CSV", "GeoPackage", "ID", "CNY",
    "m", "Leaflet", "OpenStreetMap", "contributors", "JavaScript",
}  # fmt: skip
# a token with a digit is a code, number, date or time; `...` a command; a_b an identifier
CODE = re.compile(r"`[^`]*`|\S*[\d_/]\S*")
LATIN = re.compile(r"[A-Za-z]+")

VISIBLE_TEXTS = """() => {
  const shown = (el) => el && el.getClientRects().length > 0 &&
    getComputedStyle(el).visibility !== 'hidden';
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const value = node.nodeValue.trim();
    if (value && shown(node.parentElement) && !node.parentElement.closest('script,style'))
      out.push(value);
  }
  for (const el of document.querySelectorAll('[placeholder],[title]')) {
    if (!shown(el) && !el.closest('.leaflet-draw-toolbar')) continue;
    for (const name of ['placeholder', 'title'])
      if (el.getAttribute(name)) out.push(el.getAttribute(name).trim());
  }
  return out;
}"""


def untranslated(texts: list[str]) -> list[str]:
    """The texts holding a Latin word that is neither a code nor an allowed unit or name."""
    bad = []
    for value in texts:
        words = LATIN.findall(CODE.sub(" ", value))
        if any(word not in LATIN_WORDS for word in words):
            bad.append(value)
    return sorted(set(bad))


# Everything inside the side panel fits its width (nothing cut off or scrolled sideways), and
# no table heading breaks over more than one line.
FITS = """() => {
  const bad = [];
  for (const panel of document.querySelectorAll('.gridops-panel')) {
    if (panel.scrollWidth > panel.clientWidth + 1)
      bad.push(`panel ${panel.scrollWidth} px wide in ${panel.clientWidth} px`);
  }
  for (const th of document.querySelectorAll('th')) {
    const line = parseFloat(getComputedStyle(th).fontSize) * 1.6;
    if (th.getClientRects().length && th.clientHeight > 2 * line)
      bad.push(`heading ${th.innerText} over ${th.clientHeight} px`);
  }
  return bad;
}"""


# The operator pages with a side panel of tables, held to the 1400 px screen.
PANEL_PAGES = {"dispatch", "forecast", "demand response", "planned outages"}


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_runs_without_errors_fits_1400_px_and_speaks_its_language(
    browser: Browser, world: World, name: str, locale: str
) -> None:
    """Each page opened once per language on a 1400 px screen and its main controls used:
    no browser error and no request leaving the machine; its side panel fits the screen; in
    zh-CN every string shown is Chinese (or a code, a number or a unit)."""
    path, use = PAGES[name]
    page = _open(browser, locale, width=1400, height=900)
    try:
        watch = Watch(page, world.url)
        page.goto(world.url + path(world))
        _ready(page)
        use(page, world)
        _ready(page)
        problems = list(watch.errors)
        if name in PANEL_PAGES:
            problems += [f"does not fit: {bad}" for bad in page.evaluate(FITS)]
        if locale == "zh-CN":
            texts = page.evaluate(VISIBLE_TEXTS)
            problems += [f"English left on the Chinese page: {t}" for t in untranslated(texts)]
        assert problems == [], f"{name} ({locale}): {problems}"
    finally:
        page.context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_the_language_switch_is_whole_on_a_phone(browser: Browser, world: World, name: str) -> None:
    path, _ = PAGES[name]
    context = open_context(
        browser,
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    try:
        Watch(page, world.url)
        page.goto(world.url + path(world))
        _ready(page)
        switch = page.locator("#language-switch")
        expect(switch.get_by_text("English")).to_be_visible()
        box = switch.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        assert box["y"] >= 0, box
    finally:
        context.close()
