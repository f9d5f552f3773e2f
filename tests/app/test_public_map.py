"""The public pages' map and the reading of a tap, without a browser (components/public_map.py,
forms.read_tap): one map for the outage lookup and the fault report."""

from __future__ import annotations

import dash_leaflet as dl

from app.console.components.grid_backdrop import BACKDROP_PANE
from app.console.components.public_map import build_public_map, build_tap_marker
from app.console.forms import Tap, read_tap
from layers.query import BBox
from tests.app.readable import by_id

VIEW = BBox(104.0, 30.6, 104.1, 30.7)
BACKDROP = {"type": "FeatureCollection", "features": []}


def test_the_map_draws_the_backdrop_under_the_marker_layer_and_centres_the_view() -> None:
    shown = build_public_map("a-map", "a-marker", VIEW, BACKDROP)
    assert shown.id == "a-map" and shown.className == "gridops-public-map"
    assert shown.center == [30.65, 104.05] and shown.zoom > 0
    kinds = [type(child) for child in shown.children]
    assert kinds == [dl.Pane, dl.LayerGroup]  # no tiles configured: the grid alone
    assert shown.children[0].name == BACKDROP_PANE
    assert shown.children[0].children.data is BACKDROP
    assert by_id(shown, "a-marker").children is None


def test_tiles_go_under_the_backdrop_and_overlays_over_it_fitted_to_bounds() -> None:
    area = dl.GeoJSON(data={}, id="area")
    bounds = [[30.6, 104.0], [30.7, 104.1]]
    shown = build_public_map(
        "m", "k", VIEW, BACKDROP, "https://tiles/{z}/{x}/{y}.png", "tiles", [area], bounds
    )
    assert [type(child) for child in shown.children] == [
        dl.TileLayer,
        dl.Pane,
        dl.LayerGroup,
        dl.GeoJSON,
    ]
    assert shown.children[0].attribution == "tiles"
    assert shown.bounds == bounds and getattr(shown, "center", None) is None


def test_the_tap_marker_stands_at_the_place() -> None:
    (marker,) = build_tap_marker((104.05, 30.65))
    assert marker.center == [30.65, 104.05]
    assert build_tap_marker(None) == []


def test_a_tap_is_read_from_whichever_input_fired() -> None:
    clicked = {"latlng": {"lng": 104.05, "lat": 30.65}}
    position = {"lon": 104.01, "lat": 30.61}
    assert read_tap("map", "map", "pos", clicked, position) == Tap((104.05, 30.65))
    assert read_tap("pos", "map", "pos", clicked, position) == Tap((104.01, 30.61))
    assert read_tap("button", "map", "pos", clicked, position) == Tap()
    assert read_tap("map", "map", "pos", None, position) == Tap()


def test_a_failed_location_is_said_only_when_the_location_fired() -> None:
    failed = {"error": "refused"}
    assert read_tap("pos", "map", "pos", None, failed) == Tap(location_failed=True)
    clicked = {"latlng": {"lng": 104.05, "lat": 30.65}}
    assert read_tap("map", "map", "pos", clicked, failed) == Tap((104.05, 30.65))
