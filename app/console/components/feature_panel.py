"""The side panel that shows the attributes of the feature clicked on the map."""

from __future__ import annotations

from typing import Any

from dash import html

from app.console.i18n import Language, field_label, text
from gis.local_time import format_time
from layers.catalog import find_layer

# Not attributes of the feature: which layer it is on, and dash-leaflet's own marks of a
# marker cluster (cluster, point_count, ...).
HIDDEN = {"layer", "aggregated", "cluster", "cluster_id", "point_count", "point_count_abbreviated"}


def _value(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if key.endswith("_at") and isinstance(value, str):  # an instant: in GRIDOPS_TIMEZONE
        try:
            return format_time(value, with_offset=True)
        except ValueError:
            return value
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def build_feature_panel(feature: dict[str, Any] | None, lang: Language) -> list[Any]:
    """A heading and a table of the feature's attributes, or the hint when nothing is chosen."""
    if not feature:
        return [html.P(text("select_hint", lang))]
    props: dict[str, Any] = feature.get("properties") or {}
    layer = find_layer(str(props.get("layer", "")))
    heading = layer.title(lang) if layer else text("layer", lang)
    name = props.get("code") or props.get("account_no") or props.get("transformer") or ""
    if props.get("aggregated"):
        name = f"{text('aggregated', lang)} {props.get('transformer', '')}"
    rows = [
        html.Tr([html.Td(field_label(key, lang)), html.Td(_value(key, value))])
        for key, value in props.items()
        if key not in HIDDEN
    ]
    return [
        html.H2(f"{heading}: {name}" if name else heading),
        html.Table(html.Tbody(rows), className="gridops-attributes"),
    ]
