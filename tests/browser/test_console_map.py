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
    expect(panel).to_contain_text("Peak loading, last 24 h (%)")


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


def test_clicking_a_transformer_on_its_feeder_opens_the_transformer(
    page: Page, console_url: str, db
) -> None:
    """Issue 12 §4: points sit above lines and areas, whatever loaded or was switched on last,
    and a click picks the most specific feature. The transformer drawn on its feeder is
    opened at the map link's centre, after the feeders were switched off and on again (which
    put them on top)."""
    code, lon, lat = db.execute(
        "SELECT t.code, ST_X(t.geom), ST_Y(t.geom) FROM transformer t"
        " ORDER BY (SELECT min(ST_Distance(f.geom, t.geom)) FROM feeder f), t.id LIMIT 1"
    ).fetchone()
    page.goto(f"{console_url}/?lon={lon}&lat={lat}&zoom=16")
    expect(page.locator(TRANSFORMERS).first).to_be_visible()
    expect(page.locator("path.gridops-feeders").first).to_be_visible()
    feeders = page.locator(".leaflet-control-layers-overlays label", has_text="feeders")
    feeders.locator("input").uncheck()
    expect(page.locator("path.gridops-feeders")).to_have_count(0)
    feeders.locator("input").check()
    expect(page.locator("path.gridops-feeders").first).to_be_visible()
    frame = page.locator("#grid-map").bounding_box()
    assert frame is not None
    page.mouse.click(frame["x"] + frame["width"] / 2, frame["y"] + frame["height"] / 2)
    expect(page.locator("#grid-panel h2")).to_have_text(f"Transformers: {code}")


def test_transformers_are_coloured_by_their_peak_of_the_last_24_hours(
    page: Page, console_url: str, db
) -> None:
    """Issue 12 §4: the colour is the class of the peak loading of the 24 hours to the latest
    reading (not of the latest reading), and the legend says so."""
    rows = db.execute(
        "SELECT t.code, max(r.kw) / 0.95 / t.capacity_kva * 100"
        " FROM transformer t JOIN transformer_latest_load l ON l.transformer_id = t.id"
        " JOIN load_reading r ON r.transformer_id = t.id"
        "  AND r.ts > l.ts - interval '24 hours' AND r.ts <= l.ts"
        " GROUP BY t.id ORDER BY t.id"
    ).fetchall()
    colours = {"normal": "#1a9850", "watch": "#fdae61", "overload": "#d73027"}

    def expected(pct: float) -> str:
        return colours["overload" if pct > 100 else "watch" if pct >= 80 else "normal"]

    page.goto(console_url)
    expect(page.locator(TRANSFORMERS)).to_have_count(len(rows))
    drawn = page.locator(TRANSFORMERS).evaluate_all("ps => ps.map(p => p.getAttribute('fill'))")
    assert sorted(drawn) == sorted(expected(float(pct)) for _code, pct in rows)
    legend = page.locator("#grid-legend")
    expect(legend).to_contain_text("Transformers: peak loading of the last 24 h")


def test_every_layer_has_a_legend_entry_and_the_forecast_is_one_click_away(
    page: Page, console_url: str
) -> None:
    """Every layer of the switcher has its legend entry; the legend's button switches the
    forecast layer on."""
    page.goto(console_url)
    expect(page.locator(TRANSFORMERS).first).to_be_visible()
    legend = page.locator("#grid-legend")
    names = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert len(names) >= 9
    for name in names:
        expect(legend).to_contain_text(name.strip())
    forecast = page.locator(".leaflet-control-layers-overlays label", has_text="Forecast loading")
    expect(forecast.locator("input")).not_to_be_checked()
    legend.get_by_role("button", name="Show forecast loading").click()
    expect(forecast.locator("input")).to_be_checked()
    page.get_by_label("中文").check()
    expect(legend).to_contain_text("近24小时峰值负载率")
    expect(legend).to_contain_text("抢修班组")
