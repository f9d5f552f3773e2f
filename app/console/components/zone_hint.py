"""The line under a form's time fields that says in which zone its times are read."""

from __future__ import annotations

from dash import html

from app.console.i18n import text
from app.console.ids import TEXT_TYPE
from gis.local_time import zone_label
from gis.vocabulary import Language


def build_zone_hint(lang: Language, zone: str, element_id: str) -> html.P:
    """'Times in' and the zone's name and offset, relabelled with the page's language."""
    return html.P(
        [
            html.Span(text("form_zone", lang), id={"type": TEXT_TYPE, "key": "form_zone"}),
            " ",
            html.Strong(zone_label(name=zone)),
        ],
        className="gridops-zone-hint",
        id=element_id,
    )
