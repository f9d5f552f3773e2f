"""The grid map: basemap, one GeoJSON overlay per catalog layer, a legend."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import dash_leaflet as dl
from dash import dcc, html

from app.console.components.map_legend import LegendEntry, build_legend, build_page_legend
from app.console.i18n import Language
from app.console.ids import LAYER_TYPE, OVERLAY_TYPE, GridMapId
from gis.settings import WebSettings
from layers.catalog import LAYERS, GeometryKind, Layer, LayerId, find_layer
from layers.query import BBox

DEFAULT_BOUNDS = BBox(103.98, 30.60, 104.14, 30.72)  # central Chengdu, when no grid is loaded


def _function(name: str) -> dict[str, str]:
    return {"variable": f"gridops.map.{name}"}


def layer_url(layer: Layer, view: BBox, zoom: int) -> str:
    """The layer's URL for a view (the browser recomputes it as the map moves)."""
    bbox = ",".join(f"{v:.4f}" for v in (view.minlon, view.minlat, view.maxlon, view.maxlat))
    return f"/api/v1/layers/{layer.id.value}?bbox={bbox}&zoom={zoom}"


def build_layer(
    layer: Layer, lang: Language, view: BBox, zoom: int, checked: bool | None = None
) -> dl.Overlay:
    """A map layer as a switchable overlay in its own pane, fetching its features by URL."""
    geojson = dl.GeoJSON(
        id={"type": LAYER_TYPE, "id": layer.id.value},
        url=layer_url(layer, view, zoom),
        hideout=layer.style.as_hideout(layer.id.value, layer.pane),
        style=_function("style"),
        onEachFeature=_function("onEachFeature"),
        pointToLayer=_function("pointToLayer") if layer.geometry is GeometryKind.POINT else None,
        pane=layer.pane,
    )
    # Each layer draws in its own pane, stacked by the catalog: a layer fetched or switched on
    # last no longer covers the ones above it (a feeder over its transformers).
    pane = dl.Pane(geojson, name=layer.pane, style={"zIndex": layer.z_index})
    return dl.Overlay(
        pane,
        id={"type": OVERLAY_TYPE, "id": layer.id.value},
        name=layer.title(lang),
        checked=layer.visible if checked is None else checked,
    )


def initial_zoom(view: BBox, width_px: int = 960, height_px: int = 700) -> int:
    """The largest web-mercator zoom at which the view fits a map of about that size."""
    lon_span = max(view.maxlon - view.minlon, 1e-6)
    lat_span = max(view.maxlat - view.minlat, 1e-6) / math.cos(math.radians(view.minlat))
    zoom = min(
        math.log2(width_px * 360 / 256 / lon_span), math.log2(height_px * 360 / 256 / lat_span)
    )
    return max(0, min(18, math.floor(zoom)))


@dataclass(frozen=True)
class Focus:
    """A place the map opens on (from a notice's map link: /?lon=&lat=&zoom=)."""

    lon: float
    lat: float
    zoom: int

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Focus | None:
        """The place in ?lon=&lat=[&zoom=], or None when absent or not a place on Earth."""
        try:
            lon, lat = float(query["lon"]), float(query["lat"])
            zoom = int(float(query.get("zoom", "17")))
        except (KeyError, ValueError):
            return None
        if not (math.isfinite(lon) and math.isfinite(lat)):
            return None
        if not (-180 <= lon <= 180 and -85 <= lat <= 85):
            return None
        return cls(lon, lat, max(0, min(20, zoom)))

    def view(self, width_px: int = 960, height_px: int = 700) -> BBox:
        """The view a map of about that size shows around the place at its zoom."""
        half_lon = width_px * 360 / 256 / 2**self.zoom / 2
        half_lat = height_px * 360 / 256 / 2**self.zoom / 2 * math.cos(math.radians(self.lat))
        return BBox(
            max(-180.0, self.lon - half_lon),
            max(-90.0, self.lat - half_lat),
            min(180.0, self.lon + half_lon),
            min(90.0, self.lat + half_lat),
        )


def build_grid_map(
    extent: BBox | None,
    web: WebSettings,
    lang: Language,
    extra: list[object] | None = None,
    focus: Focus | None = None,
    shown: dict[str, bool] | None = None,
    legend: tuple[LegendEntry, ...] = (),
) -> html.Div:
    """The map of the grid; `extra` adds page-specific children (a drawing control, a preview)
    and `legend` their legend entries; `focus` opens it on a place, marked; `shown` turns
    layers on or off by id for this page."""
    view = focus.view() if focus else extent or DEFAULT_BOUNDS
    zoom = focus.zoom if focus else initial_zoom(view)
    children: list[object] = []
    if web.basemap_url:
        children.append(dl.TileLayer(url=web.basemap_url, attribution=web.basemap_attribution))
    overlays = [
        build_layer(layer, lang, view, zoom, (shown or {}).get(layer.id.value)) for layer in LAYERS
    ]
    children.append(
        dl.LayersControl(
            overlays,
            id=GridMapId.LAYERS_CONTROL,
            collapsed=False,
            # dash-leaflet filters this list when an overlay is switched off: without it the
            # first switch-off failed ("reading 'filter'") and the control lost track
            overlays=[overlay.name for overlay in overlays if overlay.checked],
        )
    )
    children.append(dl.ScaleControl(position="bottomright", imperial=False))
    children.extend(extra or [])
    if focus:
        children.append(
            dl.CircleMarker(
                center=[focus.lat, focus.lon],
                radius=14,
                color="#7b3294",
                weight=3,
                fill=False,
                interactive=False,  # a mark, not a feature: clicks go to what is under it
                className="gridops-focus",
            )
        )
    center = (
        [focus.lat, focus.lon]
        if focus
        else [(view.minlat + view.maxlat) / 2, (view.minlon + view.maxlon) / 2]
    )
    grid_map = dl.Map(
        children,
        id=GridMapId.MAP,
        className="gridops-map",
        trackViewport=True,
        center=center,
        zoom=zoom,
        maxZoom=20,
    )
    legend_box = html.Div(
        [html.Div(build_legend(lang), id=GridMapId.LEGEND), *build_page_legend(legend, lang)],
        className="gridops-legend",
    )
    names = [
        dcc.Store(id=GridMapId.LAYER_NAMES, data=layer_names(lang)),
        html.Span(id=GridMapId.LAYER_NAMES_APPLIED, hidden=True),
        html.Span(id=GridMapId.FORECAST_SHOWN, hidden=True),
        dcc.Store(id=GridMapId.FORECAST_TITLES, data=forecast_titles()),
    ]
    return html.Div([grid_map, legend_box, *names], className="gridops-map-wrap")


def forecast_titles() -> list[str]:
    """The forecast layer's titles in either language (the legend's button finds it by them)."""
    layer = find_layer(LayerId.FORECAST_RISK)
    return [layer.title_en, layer.title_zh] if layer else []


def layer_names(lang: Language) -> dict[str, str]:
    """Every layer title, in either language, mapped to its title in `lang`.

    Leaflet's layer control keeps the names it was built with, so the browser relabels the
    control from this map when the language changes (gridops.relabelLayers)."""
    names: dict[str, str] = {}
    for layer in LAYERS:
        names[layer.title_en] = layer.title(lang)
        names[layer.title_zh] = layer.title(lang)
    return names
