"""The zone line under a form's time fields, built without a browser."""

from __future__ import annotations

from app.console.components.zone_hint import build_zone_hint
from gis.vocabulary import Language
from tests.app.readable import readable


def test_the_hint_names_the_zone_and_its_offset_in_the_pages_language() -> None:
    english = build_zone_hint(Language.EN, "Asia/Shanghai", "po-zone")
    assert english.id == "po-zone"
    assert readable(english) == "Times are entered and shown in Asia/Shanghai (UTC+08:00)"
    chinese = build_zone_hint(Language.ZH_CN, "Europe/Berlin", "dr-zone")
    assert readable(chinese) == "时间的填写与显示均按时区 Europe/Berlin (UTC+01:00)"
