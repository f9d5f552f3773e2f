"""Every page with the grid map runs without a browser error: it opens, each layer of the
switcher is unchecked and checked again, and a transformer is clicked where a user clicks."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.page_errors import PageErrors

# each map page, and the points clicked on it (the forecast page hides the transformers)
MAP_PAGES = {
    "/": "path.gridops-transformers",
    "/planned-outages": "path.gridops-transformers",
    "/dispatch": "path.gridops-transformers",
    "/forecast": "path.gridops-substations",  # no forecast run in the session demo
    "/dr": "path.gridops-transformers",
}


def _settle(page: Page) -> None:
    """Let the callbacks a change started finish (the renderer marks pending ones)."""
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("path", list(MAP_PAGES))
def test_map_page_has_no_browser_errors(page: Page, console_url: str, path: str) -> None:
    """Issue 12 §5: no 'nonexistent object … dp-selected' on pages without it, and no
    "reading 'filter'" when a layer is unchecked the first time."""
    errors = PageErrors.watch(page, console_url)
    page.goto(console_url + path)
    expect(page.locator(MAP_PAGES[path]).first).to_be_visible()
    _settle(page)
    inputs = page.locator(".leaflet-control-layers-overlays input")
    count = inputs.count()
    assert count >= 5, f"{path}: the layer switcher shows {count} layers"
    for i in range(count):
        box = inputs.nth(i)
        was_checked = box.is_checked()
        box.click()
        expect(box).to_be_checked(checked=not was_checked)
        box.click()
        expect(box).to_be_checked(checked=was_checked)
    _settle(page)
    marker = page.locator(MAP_PAGES[path]).first
    marker.scroll_into_view_if_needed()
    bounds = marker.bounding_box()
    assert bounds is not None
    page.mouse.click(bounds["x"] + bounds["width"] / 2, bounds["y"] + bounds["height"] / 2)
    _settle(page)
    errors.assert_none(path)


@pytest.mark.parametrize(
    ("path", "english", "chinese"),
    [
        ("/planned-outages", "Preview: supply areas affected", "预览：受影响的供电区域"),
        ("/dr", "DR target", "需求响应目标"),
        ("/dispatch", "Selected incident", "选中的故障事件"),
    ],
)
def test_a_pages_own_shapes_have_their_legend_entry(
    page: Page, console_url: str, path: str, english: str, chinese: str
) -> None:
    """Every layer drawn has its legend: the previews and highlights pages draw too."""
    page.goto(console_url + path)
    legend = page.locator(".gridops-legend")
    expect(legend).to_contain_text(english)
    expect(legend).to_contain_text("Substations")
    page.get_by_label("中文").check()
    expect(legend).to_contain_text(chinese)
    expect(legend).to_contain_text("变电站")
