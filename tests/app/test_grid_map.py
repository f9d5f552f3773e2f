"""The grid map's pure pieces, without a browser: where it opens, at which zoom, which layer
URLs it loads and how the layer control is named (components/grid_map.py)."""

from __future__ import annotations

from app.console.components.grid_map import (
    DEFAULT_BOUNDS,
    Focus,
    build_grid_map,
    initial_zoom,
    layer_names,
    layer_url,
)
from app.console.i18n import Language
from app.console.ids import GridMapId
from gis.settings import WebSettings
from layers.catalog import find_layer
from layers.query import BBox
from tests.app.readable import by_id

CITY = BBox(104.0, 30.6, 104.2, 30.7)


def test_the_map_opens_on_the_whole_grid_at_the_zoom_that_fits_it() -> None:
    assert initial_zoom(CITY) == 12  # 0.2 degrees of longitude across about 960 px
    assert initial_zoom(BBox(104.0, 30.6, 104.001, 30.601)) == 18  # no closer than streets
    shown = by_id(build_grid_map(CITY, WebSettings(basemap_url=""), Language.EN), GridMapId.MAP)
    assert shown.center == [30.65, 104.1] and shown.zoom == 12
    empty = by_id(build_grid_map(None, WebSettings(basemap_url=""), Language.EN), GridMapId.MAP)
    middle = [
        (DEFAULT_BOUNDS.minlat + DEFAULT_BOUNDS.maxlat) / 2,
        (DEFAULT_BOUNDS.minlon + DEFAULT_BOUNDS.maxlon) / 2,
    ]
    assert empty.center == middle  # no grid yet: central Chengdu


def test_a_map_link_opens_on_its_place_and_a_bad_one_is_ignored() -> None:
    focus = Focus.from_query({"lon": "104.05", "lat": "30.65", "zoom": "17"})
    assert focus == Focus(104.05, 30.65, 17)
    shown = by_id(
        build_grid_map(CITY, WebSettings(basemap_url=""), Language.EN, focus=focus), GridMapId.MAP
    )
    assert shown.center == [30.65, 104.05] and shown.zoom == 17
    assert any(getattr(child, "className", "") == "gridops-focus" for child in shown.children)
    assert Focus.from_query({"lon": "nan", "lat": "30"}) is None
    assert Focus.from_query({"lon": "200", "lat": "30"}) is None
    assert Focus.from_query({"lat": "30"}) is None
    assert Focus.from_query({"lon": "104", "lat": "30", "zoom": "99"}) == Focus(104, 30, 20)


def test_each_layer_loads_its_features_for_the_view() -> None:
    transformers = find_layer("transformers")
    assert transformers is not None
    assert layer_url(transformers, CITY, 14) == (
        "/api/v1/layers/transformers?bbox=104.0000,30.6000,104.2000,30.7000&zoom=14"
    )


def test_the_layer_control_is_relabelled_into_either_language() -> None:
    chinese = layer_names(Language.ZH_CN)
    assert chinese["Transformers"] == chinese["配电变压器"] == "配电变压器"
    assert layer_names(Language.EN)["配电变压器"] == "Transformers"
