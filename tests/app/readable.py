"""What a user reads in a Dash component tree: its text, and the component with an id."""

from __future__ import annotations

from typing import Any

from dash.development.base_component import Component


def readable(node: Any) -> str:
    """The text of every string and number in the tree, in order, one space between words."""
    return " ".join(_text(node).split())


def _text(node: Any) -> str:
    if node is None or isinstance(node, bool):
        return ""
    if isinstance(node, str | int | float):
        return str(node)
    if isinstance(node, list | tuple):
        return " ".join(_text(child) for child in node)
    if isinstance(node, Component):
        return _text(getattr(node, "children", None))
    return ""


def by_id(node: Any, wanted: Any) -> Component:
    """The component whose id is `wanted` (AssertionError when there is none)."""
    found = _find(node, wanted)
    assert found is not None, f"no component {wanted!r}"
    return found


def _find(node: Any, wanted: Any) -> Component | None:
    if isinstance(node, list | tuple):
        for child in node:
            if (found := _find(child, wanted)) is not None:
                return found
        return None
    if isinstance(node, Component):
        if getattr(node, "id", None) == wanted:
            return node
        return _find(getattr(node, "children", None), wanted)
    return None
