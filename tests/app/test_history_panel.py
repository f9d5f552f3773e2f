"""The history page's and the search box's pieces, without a browser: durations, the indices
table with the whole period, the chart's traces, the ranked feeders, outage rows at times in
the configured zone, the search matches and their links; every text key in both languages."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from app.console.components.history_panel import (
    build_feeders_table,
    build_indices_figure,
    build_indices_table,
    build_outage_list,
    format_duration,
)
from app.console.components.search_box import build_search_results
from app.console.i18n import TEXTS, Language
from layers.search import SearchKind, SearchResult
from outage.history import HistoryPage, OutageCause, OutageKind, OutageRecord
from outage.reliability import ReliabilityRow

ZONE = "Asia/Shanghai"
ROOT = Path(__file__).resolve().parents[2]


def _row(month, kind, feeder=None, saidi=15.0) -> ReliabilityRow:
    return ReliabilityRow(
        month,
        feeder,
        f"F{feeder}" if feeder else None,
        kind,
        400,
        150,
        6000.0,
        200,
        0.375,
        saidi,
        40.0,
        0.5,
    )


def _texts(component) -> str:
    """Every string in a component tree, joined."""
    if isinstance(component, str):
        return component
    if isinstance(component, list | tuple):
        return " ".join(_texts(c) for c in component)
    children = getattr(component, "children", None)
    return "" if children is None else _texts(children)


def test_durations_in_minutes_then_hours() -> None:
    assert format_duration(44 * 60 + 20, Language.EN) == "44 min"
    assert format_duration(75 * 60, Language.EN) == "1 h 15 min"
    assert format_duration(75 * 60, Language.ZH_CN) == "1 小时 15 分钟"


def test_indices_table_months_then_the_period() -> None:
    rows = [_row(date(2026, 1, 1), OutageKind.UNPLANNED), _row(None, OutageKind.UNPLANNED)]
    shown = _texts(build_indices_table(rows, Language.EN))
    assert "2026-01" in shown and "Whole period" in shown
    assert "0.375" in shown and "15.000" in shown and "40.000" in shown


def test_chart_has_saidi_bars_and_saifi_lines_per_kind() -> None:
    rows = [_row(date(2026, m, 1), k) for m in (1, 2) for k in OutageKind] + [
        _row(None, OutageKind.PLANNED)
    ]
    figure = build_indices_figure(rows, "SS01-F01", Language.EN)
    assert [t.type for t in figure.data] == ["bar", "scatter", "bar", "scatter"]
    assert list(figure.data[0].x) == ["2026-01", "2026-02"]  # the period is not a month
    assert "feeder SS01-F01" in figure.layout.title.text


def test_feeders_ranked_by_unplanned_saidi() -> None:
    rows = [
        _row(None, OutageKind.UNPLANNED, feeder=1, saidi=5.0),
        _row(None, OutageKind.UNPLANNED, feeder=2, saidi=50.0),
        _row(None, OutageKind.PLANNED, feeder=3, saidi=500.0),
    ]
    shown = _texts(build_feeders_table(rows, Language.EN))
    assert shown.index("F2") < shown.index("F1") and "F3" not in shown


def test_an_outage_row_in_the_configured_zone() -> None:
    record = OutageRecord(
        OutageKind.UNPLANNED,
        OutageCause.FEEDER_FAULT,
        9,
        "SS01-F02",
        "rule",
        ["SS01-F02"],
        datetime(2026, 1, 31, 17, 0, tzinfo=UTC),
        datetime(2026, 1, 31, 18, 30, tzinfo=UTC),
        5400,
        120,
        10800,
        104.1,
        30.6,
    )
    shown = _texts(build_outage_list(HistoryPage(1, [record]), Language.EN, ZONE))
    assert "2026-02-01 01:00 – 02:30" in shown  # 17:00 UTC is 01:00 the next day in Shanghai
    assert "1 h 30 min" in shown and "Feeder fault" in shown and "10,800" in shown
    assert "No outage" in _texts(build_outage_list(HistoryPage(0, []), Language.EN, ZONE))


def test_search_matches_link_to_the_map() -> None:
    found = SearchResult(SearchKind.TRANSFORMER, 3, "TR00003", "SS01-F01", 104.1, 30.6, 18)
    (link,) = build_search_results([found], Language.ZH_CN)
    assert link.href == "/?lon=104.100000&lat=30.600000&zoom=18"
    assert "配变" in _texts(link) and "TR00003" in _texts(link)
    assert build_search_results(None, Language.EN) == []
    assert _texts(build_search_results([], Language.EN)) == "Nothing found."
    home = SearchResult(
        SearchKind.ADDRESS, 9, "成都市武侯区玉林路12号", "1012345678", 104.05, 30.63, 19
    )
    for lang, kind in ((Language.EN, "Address"), (Language.ZH_CN, "地址")):
        (link,) = build_search_results([home], lang)
        assert link.href == "/?lon=104.050000&lat=30.630000&zoom=19"
        assert _texts(link).startswith(kind) and "玉林路12号" in _texts(link)
        assert _texts(link).endswith("· 1012345678")


def test_every_text_key_of_the_history_and_search_exists_in_both_languages() -> None:
    sources = [
        ROOT / "app/console/components/history_panel.py",
        ROOT / "app/console/components/search_box.py",
        ROOT / "app/console/pages/history.py",
        ROOT / "app/console/callbacks/history.py",
    ]
    used = set()
    for source in sources:
        used |= set(re.findall(r"\"((?:hi|search)_[a-z_]+)\"", source.read_text()))
    keys = {k for k in TEXTS if k.startswith(("hi_", "search_"))}
    prefixed = (
        {f"hi_cause_{c.value}" for c in OutageCause}
        | {f"hi_kind_{k.value}" for k in OutageKind}
        | {f"search_kind_{k.value}" for k in SearchKind}
    )
    assert (used | prefixed) <= keys
    assert all(all(TEXTS[k]) for k in keys)
