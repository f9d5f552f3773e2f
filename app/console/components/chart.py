"""What every chart of the console shares: plotly speaks the page's language (its zh-CN locale
is served from the console's assets, plotly_locale_zh_cn.js), without plotly's logo."""

from __future__ import annotations

from dash import dcc

from app.console.i18n import Language


def chart_config(lang: Language) -> dcc.Graph.Config:
    """dcc.Graph's config: dates, numbers and the mode bar in the page's language."""
    return dcc.Graph.Config(locale=lang.value, displaylogo=False)
