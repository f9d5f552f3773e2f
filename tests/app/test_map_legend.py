"""The map legend, built without a browser: every layer drawn has its entry."""

from __future__ import annotations

from typing import Any

from app.console.components.map_legend import LOADING_CLASSES, build_legend
from app.console.i18n import Language, text
from layers.catalog import LAYERS, LayerId


def _text(node: Any) -> str:
    """The text a reader sees in a component tree."""
    if isinstance(node, str):
        return node
    if isinstance(node, list | tuple):
        return "\n".join(_text(child) for child in node)
    children = getattr(node, "children", None)
    return "" if children is None else _text(children)


def test_every_layer_has_its_entry_in_either_language() -> None:
    """Issue 12 §4: substations and fault reports had no entry; every layer drawn has one."""
    for lang in Language:
        shown = _text(build_legend(lang))
        for layer in LAYERS:
            assert layer.title(lang) in shown, f"{layer.id} missing from the {lang} legend"
        for key, _color in LOADING_CLASSES:
            assert text(key, lang) in shown


def test_the_legend_says_what_colours_the_transformers() -> None:
    shown = _text(build_legend(Language.EN))
    assert "Transformers: peak loading of the last 24 h" in shown
    assert "Show forecast loading" in shown
    assert "近24小时峰值负载率" in _text(build_legend(Language.ZH_CN))


def test_crews_are_not_drawn_in_the_colours_of_an_overload_or_a_fault() -> None:
    crews = next(layer for layer in LAYERS if layer.id is LayerId.CREWS)
    reds = {"#d73027", "#a50f15", "#fb6a4a", "#ff2d2d", "#67000d"}
    assert crews.style.color not in reds and crews.style.fill_color not in reds


def test_a_pages_own_shapes_are_labelled_in_either_language() -> None:
    from app.console.components.map_legend import DRAWN_AREA, build_page_legend

    for lang in Language:
        assert text("lg_drawn_area", lang) in _text(build_page_legend((DRAWN_AREA,), lang))
