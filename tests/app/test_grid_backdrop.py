"""The grid backdrop under the public and crew maps and its legend, without a browser
(components/grid_backdrop.py)."""

from __future__ import annotations

from app.console.components.grid_backdrop import (
    BACKDROP_PANE,
    BACKDROP_Z_INDEX,
    build_backdrop_legend,
    build_grid_backdrop,
)
from app.console.i18n import Language, text
from tests.app.readable import readable

COLLECTION = {
    "type": "FeatureCollection",
    "features": [{"type": "Feature", "geometry": None, "properties": {"kind": "feeder"}}],
}


def test_the_backdrop_is_a_pane_under_the_page_that_no_tap_hits() -> None:
    pane = build_grid_backdrop(COLLECTION)
    assert pane.name == BACKDROP_PANE and pane.style == {"zIndex": BACKDROP_Z_INDEX}
    assert 200 < BACKDROP_Z_INDEX < 400  # above the tiles, below what a page draws
    layer = pane.children
    assert layer.data is COLLECTION and layer.interactive is False
    assert layer.style == {"variable": "gridops.map.backdropStyle"}


def test_the_legend_names_transformers_only_on_a_street_view() -> None:
    public = readable(build_backdrop_legend(Language.EN, transformers=False))
    crew = readable(build_backdrop_legend(Language.ZH_CN, transformers=True))
    assert text("lg_backdrop_feeders", Language.EN) in public
    assert text("lg_backdrop_transformers", Language.EN) not in public
    for key in ("territory", "feeders", "substations", "transformers"):
        assert text(f"lg_backdrop_{key}", Language.ZH_CN) in crew
