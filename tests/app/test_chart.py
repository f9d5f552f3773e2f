"""What every chart shares, without a browser (components/chart.py)."""

from __future__ import annotations

from app.console.components.chart import chart_config
from app.console.i18n import Language


def test_charts_speak_the_pages_language_without_plotlys_logo() -> None:
    assert chart_config(Language.ZH_CN) == {"locale": "zh-CN", "displaylogo": False}
    assert chart_config(Language.EN)["locale"] == "en"
