"""The map's side panel, without a browser: what a dispatcher reads after a click."""

from __future__ import annotations

from app.console.components.feature_panel import build_feature_panel
from app.console.i18n import Language
from tests.app.readable import readable


def test_nothing_chosen_shows_the_hint() -> None:
    assert readable(build_feature_panel(None, Language.EN)) == (
        "Click a feature on the map to see its attributes."
    )
    assert readable(build_feature_panel(None, Language.ZH_CN)) == "点击地图上的对象查看其属性。"


def test_a_transformer_shows_its_layer_code_and_attributes() -> None:
    feature = {
        "properties": {
            "layer": "transformers",
            "code": "TR00012",
            "capacity_kva": 630.0,
            "loading_pct": 87.456,
            "customers": None,
        }
    }
    panel = build_feature_panel(feature, Language.EN)
    assert readable(panel[0]) == "Transformers: TR00012"
    rows = [readable(row) for row in panel[1].children.children]
    assert rows == [
        "Code TR00012",
        "Capacity (kVA) 630",  # floats without trailing zeros
        "Loading (%) 87.46",
        "Customers —",  # nothing known
    ]
    assert readable(build_feature_panel(feature, Language.ZH_CN)[0]) == "配电变压器: TR00012"


def test_an_aggregate_of_customers_names_its_supply_area() -> None:
    feature = {"properties": {"layer": "customers", "aggregated": True, "transformer": "TR7"}}
    panel = build_feature_panel(feature, Language.EN)
    assert readable(panel[0]) == "Customers: customers of one supply area TR7"
    assert "aggregated" not in readable(panel[1])  # the internal flags stay hidden
