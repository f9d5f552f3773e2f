"""The page shell: a header with the title, the pages, the search box, the grid's source and
the language switch."""

from __future__ import annotations

import dash
from dash import dcc, html

from app.console.components.search_box import build_search_box
from app.console.i18n import Language, text
from app.console.ids import TEXT_TYPE, ShellId


def build_shell(source_name: str | None) -> html.Div:
    """The frame of every page: title, navigation, grid's source, search, language switch."""
    header = html.Header(
        [
            html.H1(text("app_title", Language.EN), id=ShellId.TITLE),
            html.Nav(
                [
                    dcc.Link(text("nav_grid", Language.EN), href="/", id=ShellId.NAV_GRID),
                    dcc.Link(
                        text("nav_planned", Language.EN),
                        href="/planned-outages",
                        id=ShellId.NAV_PLANNED,
                    ),
                    dcc.Link(
                        text("nav_dispatch", Language.EN),
                        href="/dispatch",
                        id=ShellId.NAV_DISPATCH,
                    ),
                    dcc.Link(
                        text("nav_forecast", Language.EN),
                        href="/forecast",
                        id=ShellId.NAV_FORECAST,
                    ),
                    dcc.Link(
                        text("nav_dr", Language.EN),
                        href="/dr",
                        id={"type": TEXT_TYPE, "key": "nav_dr"},
                    ),
                    dcc.Link(
                        text("nav_notices", Language.EN),
                        href="/notices",
                        id=ShellId.NAV_NOTICES,
                    ),
                    dcc.Link(
                        text("nav_history", Language.EN),
                        href="/history",
                        id={"type": TEXT_TYPE, "key": "nav_history"},
                    ),
                ],
                className="gridops-nav",
                id=ShellId.NAV,
            ),
            build_search_box(Language.EN),
            html.Span(source_name or "", id=ShellId.SOURCE, className="gridops-source"),
            dcc.RadioItems(
                id=ShellId.LANGUAGE_SWITCH,
                options=[
                    {"label": "English", "value": Language.EN.value},
                    {"label": "中文", "value": Language.ZH_CN.value},
                ],
                inline=True,
            ),
        ],
        className="gridops-header",
    )
    return html.Div(
        [
            dcc.Store(id=ShellId.LANGUAGE, storage_type="local"),
            dcc.Store(id=ShellId.LEAFLET_TEXTS),
            dcc.Store(id=ShellId.LEAFLET_TEXTS_APPLIED),
            header,
            dash.page_container,
        ],
        className="gridops-shell",
    )
