"""Headless Chromium opens the console: the map shows the grid, the switcher hides a layer,
a click shows a transformer's attributes, and the language switch relabels the console."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.waiting import open_context

TRANSFORMERS = "path.gridops-transformers"
SUPPLY_AREAS = "path.gridops-supply_areas"


def test_map_shows_transformers_and_supply_areas(page: Page, console_url: str, db) -> None:
    transformers = db.execute("SELECT count(*) FROM transformer").fetchone()[0]
    areas = db.execute("SELECT count(*) FROM supply_area").fetchone()[0]
    page.goto(console_url)
    expect(page.locator(TRANSFORMERS)).to_have_count(transformers)
    expect(page.locator(SUPPLY_AREAS)).to_have_count(areas)
    expect(page.locator("path.gridops-feeders").first).to_be_visible()


def test_layer_switcher_hides_and_shows_a_layer(page: Page, console_url: str) -> None:
    page.goto(console_url)
    expect(page.locator(TRANSFORMERS).first).to_be_visible()
    expect(page.locator(SUPPLY_AREAS).first).to_be_visible()  # each layer arrives on its own
    areas_before = page.locator(SUPPLY_AREAS).count()
    toggle = page.locator(".leaflet-control-layers-overlays label", has_text="Transformers")
    toggle.locator("input").uncheck()
    expect(page.locator(TRANSFORMERS)).to_have_count(0)
    assert page.locator(SUPPLY_AREAS).count() == areas_before  # the others stay
    toggle.locator("input").check()
    expect(page.locator(TRANSFORMERS).first).to_be_visible()


def test_clicking_a_transformer_shows_its_attributes(page: Page, console_url: str, db) -> None:
    page.goto(console_url)
    marker = page.locator(TRANSFORMERS).first
    expect(marker).to_be_visible()
    marker.dispatch_event("click")
    panel = page.locator("#grid-panel")
    expect(panel.locator("h2")).to_contain_text("Transformers: ")
    code = panel.locator("h2").inner_text().split(": ", 1)[1]
    capacity = db.execute(
        "SELECT capacity_kva FROM transformer WHERE code = %s", (code,)
    ).fetchone()
    assert capacity is not None, f"the panel shows an unknown transformer {code!r}"
    expect(panel).to_contain_text("Capacity (kVA)")
    expect(panel).to_contain_text("Loading (%)")


def test_language_switch_relabels_the_console(page: Page, console_url: str) -> None:
    page.goto(console_url)
    expect(page.locator("#app-title")).to_have_text("GridOps Console")
    page.get_by_label("中文").check()
    expect(page.locator("#app-title")).to_have_text("电网运维控制台")
    overlays = page.locator(".leaflet-control-layers-overlays")
    expect(overlays).to_contain_text("配电变压器")
    expect(overlays).not_to_contain_text("Transformers")
    overlays.get_by_text("配电变压器").click()  # toggling rebuilds Leaflet's labels
    expect(overlays).to_contain_text("配电变压器")
    expect(overlays).not_to_contain_text("Transformers")
    page.reload()  # the choice is kept
    expect(page.locator("#app-title")).to_have_text("电网运维控制台")


def test_chinese_browser_gets_the_chinese_console(browser, console_url: str) -> None:
    context = open_context(browser, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(console_url)
        expect(page.locator("#app-title")).to_have_text("电网运维控制台")
    finally:
        context.close()


def test_a_map_link_opens_the_console_on_the_place(page: Page, console_url: str, db) -> None:
    """Notices link to /?lon=&lat=&zoom=: the map opens there, marks it, and loads the view."""
    lon, lat = db.execute(
        "SELECT ST_X(geom), ST_Y(geom) FROM transformer ORDER BY id LIMIT 1"
    ).fetchone()
    page.goto(f"{console_url}/?lon={lon}&lat={lat}&zoom=18")
    expect(page.locator("path.gridops-focus")).to_have_count(1)
    expect(page.locator(TRANSFORMERS).first).to_be_visible()
    frame = page.locator("#grid-map").bounding_box()
    mark = page.locator("path.gridops-focus").bounding_box()
    assert frame is not None and mark is not None
    # the place is in the middle of the map
    assert abs(mark["x"] + mark["width"] / 2 - (frame["x"] + frame["width"] / 2)) < 5
    assert abs(mark["y"] + mark["height"] / 2 - (frame["y"] + frame["height"] / 2)) < 5
    # at street zoom only the transformers near the place are on the map
    total = db.execute("SELECT count(*) FROM transformer").fetchone()[0]
    assert page.locator(TRANSFORMERS).count() < total


def test_a_bad_map_link_opens_the_whole_grid(page: Page, console_url: str, db) -> None:
    transformers = db.execute("SELECT count(*) FROM transformer").fetchone()[0]
    page.goto(f"{console_url}/?lon=east&lat=999")
    expect(page.locator(TRANSFORMERS)).to_have_count(transformers)
    expect(page.locator("path.gridops-focus")).to_have_count(0)
