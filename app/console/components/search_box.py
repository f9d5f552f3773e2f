"""The search box of every console page: a device code, an account number, a substation's
name or a customer's address, and the matches as links that open the grid map on them
(/?lon=&lat=&zoom=)."""

from __future__ import annotations

from dash import dcc, html

from app.console.i18n import Language, text
from app.console.ids import ShellId
from layers.search import SearchResult

SHOWN = 8  # matches listed under the box


def build_search_box(lang: Language) -> html.Div:
    """The shell's search box: type a code, account, name or address; matches drop below."""
    return html.Div(
        [
            dcc.Input(
                id=ShellId.SEARCH,
                type="search",
                placeholder=text("search_placeholder", lang),
                debounce=0.3,
                autoComplete="off",
                maxLength=100,
                className="gridops-search-input",
            ),
            html.Div(id=ShellId.SEARCH_RESULTS, className="gridops-search-results"),
            dcc.Store(id=ShellId.SEARCH_SUBMITTED),
            dcc.Location(id=ShellId.SEARCH_GO, refresh="callback-nav"),
        ],
        id=ShellId.SEARCH_BOX,
        className="gridops-search",
    )


def build_search_results(
    results: list[SearchResult] | None, lang: Language, error: str | None = None
) -> list[html.Div | dcc.Link]:
    """One link per match ("Transformer TR00012 · SS01-F02", "Address 成都市…玉林路12号 ·
    1012345678"), or why there is none; nothing
    while the box is empty (`results` None)."""
    if error:
        return [html.Div(error, className="gridops-search-empty")]
    if results is None:
        return []
    if not results:
        return [html.Div(text("search_none", lang), className="gridops-search-empty")]
    return [
        dcc.Link(
            [
                html.Span(text(f"search_kind_{found.kind.value}", lang), className="kind"),
                f" {found.code}",
                html.Span(f" · {found.label}", className="label") if found.label else "",
            ],
            href=found.map_path(),
            className="gridops-search-result",
        )
        for found in results[:SHOWN]
    ]
