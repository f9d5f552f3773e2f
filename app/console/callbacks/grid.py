"""Callbacks of the grid map page: layer URLs for the view, the clicked feature, labels."""

from __future__ import annotations

from typing import Any

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx

from app.console.components.feature_panel import build_feature_panel
from app.console.components.grid_map import layer_names
from app.console.components.map_legend import build_legend
from app.console.i18n import Language
from app.console.ids import LAYER_TYPE, GridMapId, ShellId


def register(app: Dash) -> None:
    """Register the grid map page's callbacks: layer URLs, the clicked feature, the labels."""
    # Each layer loads by URL: the browser computes the URL for the view, then fetches it.
    app.clientside_callback(
        ClientsideFunction(namespace="gridops", function_name="layerUrls"),
        Output({"type": LAYER_TYPE, "id": ALL}, "url"),
        Input(GridMapId.MAP, "bounds"),
        Input(GridMapId.MAP, "zoom"),
        Input(GridMapId.MAP, "center"),
        State({"type": LAYER_TYPE, "id": ALL}, "id"),
        State({"type": LAYER_TYPE, "id": ALL}, "url"),
    )

    @app.callback(
        Output(GridMapId.PANEL, "children"),
        Input({"type": LAYER_TYPE, "id": ALL}, "clickData"),
        Input(ShellId.LANGUAGE, "data"),
    )
    def show_feature(_clicks: list[Any], lang: str | None) -> list[Any]:
        feature = None
        if isinstance(ctx.triggered_id, dict):
            feature = ctx.triggered[0]["value"]
        return build_feature_panel(feature, Language.parse(lang))

    @app.callback(
        Output(GridMapId.LAYER_NAMES, "data"),
        Output(GridMapId.LEGEND, "children"),
        Input(ShellId.LANGUAGE, "data"),
    )
    def label_layers(lang: str | None) -> tuple[dict[str, str], Any]:
        language = Language.parse(lang)
        return layer_names(language), build_legend(language)

    # The legend's "show forecast loading": tick the forecast layer in Leaflet's control.
    app.clientside_callback(
        ClientsideFunction(namespace="gridops", function_name="showLayer"),
        Output(GridMapId.FORECAST_SHOWN, "title"),
        Input(GridMapId.SHOW_FORECAST, "n_clicks"),
        State(GridMapId.FORECAST_TITLES, "data"),
        prevent_initial_call=True,
    )

    # Leaflet's layer control keeps the names it was built with: relabel it in the browser.
    app.clientside_callback(
        ClientsideFunction(namespace="gridops", function_name="relabelLayers"),
        Output(GridMapId.LAYER_NAMES_APPLIED, "title"),
        Input(GridMapId.LAYER_NAMES, "data"),
    )
