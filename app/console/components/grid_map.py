"""The grid map: basemap, one GeoJSON overlay per catalog layer, a legend."""

from __future__ import annotations

import dash_leaflet as dl
from dash import html

from app.console.i18n import Language, text
from app.console.ids import LAYER_TYPE, OVERLAY_TYPE, GridMapId
from gis.settings import WebSettings
from layers.catalog import LAYERS, GeometryKind, Layer
from layers.query import BBox

DEFAULT_BOUNDS = BBox(103.98, 30.60, 104.14, 30.72)  # central Chengdu, when no grid is loaded
EMPTY = {"type": "FeatureCollection", "features": []}
LOADING_CLASSES = (
    ("normal", "#1a9850"),
    ("watch", "#fdae61"),
    ("overload", "#d73027"),
    ("nodata", "#969696"),
)


def _function(name: str) -> dict[str, str]:
    return {"variable": f"gridops.map.{name}"}


def build_layer(layer: Layer, lang: Language) -> dl.Overlay:
    geojson = dl.GeoJSON(
        id={"type": LAYER_TYPE, "id": layer.id.value},
        data=EMPTY,
        hideout=layer.style.as_hideout(layer.id.value),
        style=_function("style"),
        onEachFeature=_function("onEachFeature"),
        pointToLayer=_function("pointToLayer") if layer.geometry is GeometryKind.POINT else None,
    )
    return dl.Overlay(
        geojson,
        id={"type": OVERLAY_TYPE, "id": layer.id.value},
        name=layer.title(lang),
        checked=layer.visible,
    )


def build_legend(lang: Language) -> list[html.Div | html.Strong]:
    rows: list[html.Div | html.Strong] = [html.Strong(text("legend_title", lang))]
    for key, color in LOADING_CLASSES:
        rows.append(
            html.Div([html.Span(className="swatch", style={"background": color}), text(key, lang)])
        )
    return rows


def build_grid_map(extent: BBox | None, web: WebSettings, lang: Language) -> html.Div:
    view = extent or DEFAULT_BOUNDS
    children: list[object] = []
    if web.basemap_url:
        children.append(dl.TileLayer(url=web.basemap_url, attribution=web.basemap_attribution))
    children.append(
        dl.LayersControl(
            [build_layer(layer, lang) for layer in LAYERS],
            id=GridMapId.LAYERS_CONTROL,
            collapsed=False,
        )
    )
    children.append(dl.ScaleControl(position="bottomright", imperial=False))
    grid_map = dl.Map(
        children,
        id=GridMapId.MAP,
        className="gridops-map",
        trackViewport=True,
        bounds=[[view.minlat, view.minlon], [view.maxlat, view.maxlon]],
        maxZoom=20,
    )
    legend = html.Div(build_legend(lang), id=GridMapId.LEGEND, className="gridops-legend")
    return html.Div([grid_map, legend], className="gridops-map-wrap")
