"""The search box of every console page, without a browser (components/search_box.py; its
results are read in tests/app/test_history_panel.py)."""

from __future__ import annotations

from app.console.components.search_box import build_search_box, build_search_results
from app.console.i18n import Language
from app.console.ids import ShellId
from tests.app.readable import by_id, readable


def test_the_box_asks_in_the_pages_language_and_holds_its_results() -> None:
    box = build_search_box(Language.ZH_CN)
    assert box.id == ShellId.SEARCH_BOX
    assert by_id(box, ShellId.SEARCH).placeholder == "设备编号、户号、名称或地址"
    assert by_id(box, ShellId.SEARCH).maxLength == 100
    assert by_id(box, ShellId.SEARCH_RESULTS).children is None
    english = build_search_box(Language.EN).children[0]
    assert english.placeholder == "Code, account no., name or address"


def test_nothing_is_listed_before_a_search_and_an_error_is_said() -> None:
    assert build_search_results(None, Language.EN) == []
    assert readable(build_search_results([], Language.EN)) == "Nothing found."
    assert readable(build_search_results(None, Language.EN, "too short")) == "too short"
