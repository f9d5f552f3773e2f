"""Callbacks of the page shell: the language switch (default from the browser)."""

from __future__ import annotations

from dash import ALL, ClientsideFunction, Dash, Input, Output, State

from app.console.i18n import Language, leaflet_texts, text
from app.console.ids import TEXT_TYPE, ShellId


def register(app: Dash) -> None:
    """Register the page shell's callbacks: the language switch, defaulting to the browser's."""
    app.clientside_callback(
        ClientsideFunction(namespace="gridops", function_name="language"),
        Output(ShellId.LANGUAGE, "data"),
        Output(ShellId.LANGUAGE_SWITCH, "value"),
        Input(ShellId.LANGUAGE_SWITCH, "value"),
        State(ShellId.LANGUAGE, "data"),
    )

    @app.callback(
        Output(ShellId.TITLE, "children"),
        Output(ShellId.NAV_GRID, "children"),
        Output(ShellId.NAV_PLANNED, "children"),
        Output(ShellId.NAV_NOTICES, "children"),
        Output(ShellId.NAV_DISPATCH, "children"),
        Output(ShellId.NAV_FORECAST, "children"),
        Input(ShellId.LANGUAGE, "data"),
    )
    def title(lang: str | None) -> tuple[str, str, str, str, str, str]:
        language = Language.parse(lang)
        return (
            text("app_title", language),
            text("nav_grid", language),
            text("nav_planned", language),
            text("nav_notices", language),
            text("nav_dispatch", language),
            text("nav_forecast", language),
        )

    @app.callback(Output(ShellId.LEAFLET_TEXTS, "data"), Input(ShellId.LANGUAGE, "data"))
    def leaflet_words(lang: str | None) -> list[tuple[str, str]]:
        """The words of Leaflet's controls and of the draw tool, in the language."""
        return leaflet_texts(Language.parse(lang))

    app.clientside_callback(
        ClientsideFunction(namespace="gridopsTexts", function_name="leaflet"),
        Output(ShellId.LEAFLET_TEXTS_APPLIED, "data"),
        Input(ShellId.LEAFLET_TEXTS, "data"),
    )

    @app.callback(
        Output(ShellId.NAV, "style"),
        Output(ShellId.SEARCH_BOX, "style"),
        Input("_pages_location", "pathname"),
    )
    def hide_console_links(path: str | None) -> tuple[dict[str, str], dict[str, str]]:
        """Public and crew pages show no links into the console, and no search of it."""
        hidden = {"display": "none"} if (path or "").startswith(("/public", "/crew")) else {}
        return hidden, hidden

    @app.callback(
        Output({"type": TEXT_TYPE, "key": ALL}, "children"),
        Input(ShellId.LANGUAGE, "data"),
        State({"type": TEXT_TYPE, "key": ALL}, "id"),
    )
    def relabel(lang: str | None, ids: list[dict[str, str]]) -> list[str]:
        """Every static label of a page is marked with its text key and follows the language."""
        language = Language.parse(lang)
        return [text(item["key"], language) for item in ids]
