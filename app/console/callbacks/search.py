"""Callbacks of the search box: matches while typing, Enter opens the first one on the map."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, ctx, no_update

from app.console.components.search_box import SHOWN, build_search_results
from app.console.context import current_context
from app.console.errors import error_message
from app.console.i18n import Language, text
from app.console.ids import ShellId
from gis.errors import RejectedInputError
from layers.search import SearchResult, search_grid


def _search(typed: str | None, limit: int) -> list[SearchResult] | None:
    """The matches, or None when nothing is typed (RejectedInputError when it cannot be)."""
    if not (typed or "").strip():
        return None
    with current_context().pool.connection() as conn:
        return search_grid(conn, typed or "", limit)


def register(app: Dash) -> None:
    """Register the search box's callbacks: matches while typing, Enter opens the first."""

    @app.callback(
        Output(ShellId.SEARCH, "placeholder"),
        Input(ShellId.LANGUAGE, "data"),
    )
    def placeholder(lang: str | None) -> str:
        return text("search_placeholder", Language.parse(lang))

    @app.callback(
        Output(ShellId.SEARCH_RESULTS, "children"),
        Input(ShellId.SEARCH, "value"),
        Input(ShellId.LANGUAGE, "data"),
        Input("_pages_location", "href"),
    )
    def matches(typed: str | None, lang: str | None, _href: str | None) -> list[Any]:
        """The list follows the text; it closes when a page opens (a match was followed)."""
        language = Language.parse(lang)
        if ctx.triggered_id == "_pages_location":
            return []
        try:
            return build_search_results(_search(typed, SHOWN), language)
        except RejectedInputError as exc:
            return build_search_results(None, language, error_message(exc, language))

    # The box sends its value to the server 0.3 s after the last key: on Enter, take the text
    # as it stands in the browser, so that a quick Enter searches what was typed.
    app.clientside_callback(
        f"function (n) {{ var box = document.getElementById('{ShellId.SEARCH.value}'); "
        "return box ? box.value : window.dash_clientside.no_update; }",
        Output(ShellId.SEARCH_SUBMITTED, "data"),
        Input(ShellId.SEARCH, "n_submit"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ShellId.SEARCH_GO, "href"),
        Input(ShellId.SEARCH_SUBMITTED, "data"),
        prevent_initial_call=True,
    )
    def open_first(typed: str | None) -> Any:
        try:
            found = _search(typed, 1)
        except RejectedInputError:
            return no_update
        return found[0].map_path() if found else no_update
