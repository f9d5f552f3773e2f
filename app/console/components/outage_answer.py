"""The public answer: the planned outages at a place, in the customer's language."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from dash import html

from app.console.i18n import Language, text


def _when(value: datetime, zone: str) -> str:
    return value.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def build_outage_answer(
    outages: list[dict[str, Any]] | None,
    error: str | None,
    lang: Language,
    zone: str,
    unplanned: list[dict[str, Any]] | None = None,
) -> list[Any]:
    """Nothing asked yet, an error, 'no outage', or the unplanned outages now (with their
    expected restoration) and the planned ones with window and reason."""
    if error:
        return [html.P(error, className="gridops-error")]
    if outages is None:
        return []
    if not outages and not unplanned:
        return [html.P(text("pub_none", lang), className="gridops-ok", id="public-none")]
    faults: list[Any] = []
    if unplanned:
        faults = [
            html.H3(text("pub_unplanned", lang)),
            html.Ul(
                [
                    html.Li(
                        [
                            html.Strong(text("pub_unplanned_item", lang)),
                            html.Br(),
                            text("pub_since", lang).format(since=_when(item["since"], zone)),
                            html.Br(),
                            text("pub_etr", lang).format(
                                etr=_when(item["estimated_restoration_at"], zone)
                                if item.get("estimated_restoration_at")
                                else text("pub_etr_unknown", lang)
                            ),
                        ],
                        className="gridops-public-outage",
                    )
                    for item in unplanned
                ],
                id="public-unplanned",
            ),
        ]
    if not outages:
        return faults
    items = [
        html.Li(
            [
                html.Strong(outage["title"]),
                html.Br(),
                text("pub_window", lang).format(
                    start=_when(outage["starts_at"], zone), end=_when(outage["ends_at"], zone)
                ),
                html.Br(),
                outage["reason"],
            ],
            className="gridops-public-outage",
        )
        for outage in outages
    ]
    return [*faults, html.H3(text("pub_found", lang)), html.Ul(items)]
