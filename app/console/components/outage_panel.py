"""Pieces of the planned-outage page: the preview summary, the picks, the list of outages."""

from __future__ import annotations

from typing import Any

from dash import html

from app.console.components.notice_summary import delivery_summary_slot
from app.console.i18n import Language, text
from app.console.ids import OUTAGE_CANCEL_TYPE
from gis.local_time import format_span
from outage.models import OutagePreview, PlannedOutage
from outage.planned_outage_notice import outage_event_ref

TYPE_LABELS = {
    "residential": ("residential", "居民"),
    "commercial": ("commercial", "商业"),
    "industrial": ("industrial", "工业"),
}


def _type_label(kind: str, lang: Language) -> str:
    english, chinese = TYPE_LABELS.get(kind, (kind, kind))
    return chinese if lang is Language.ZH_CN else english


def build_preview(preview: OutagePreview | None, error: str | None, lang: Language) -> list[Any]:
    """What the drawn or picked area touches (customers by type, transformers), or why not."""
    if error:
        return [html.Div(error, className="gridops-error")]
    if preview is None:
        return [html.P(text("po_nothing", lang))]
    by_type = ", ".join(
        f"{_type_label(k, lang)} {v:,}" for k, v in sorted(preview.customers_by_type.items())
    )
    children: list[Any] = [
        html.Div(
            [
                html.Span(f"{preview.customers:,}", id="po-count-customers"),
                " ",
                text("po_customers", lang),
            ],
            className="gridops-counts",
        ),
        html.Div(by_type, id="po-count-by-type"),
        html.Div(
            f"{text('po_transformers', lang)}: {len(preview.transformers)} · "
            f"{text('po_feeders', lang)}: {', '.join(preview.feeders) or '—'}",
            id="po-count-devices",
        ),
    ]
    if preview.repair:
        children.append(
            html.Div(
                f"{text('po_repair', lang)}: {preview.repair}",
                className="gridops-error",
                id="po-repair",
            )
        )
    if preview.customer_sample:
        children.append(
            html.Details(
                [
                    html.Summary(text("po_sample", lang)),
                    html.Ul(
                        [
                            html.Li(
                                f"{c.account_no} · {_type_label(c.customer_type, lang)} · "
                                f"{c.transformer_code}"
                            )
                            for c in preview.customer_sample[:30]
                        ]
                    ),
                ]
            )
        )
    return children


def build_picked(codes: list[str]) -> list[Any]:
    """The transformers picked for the outage, as chips (or a dash when none)."""
    return [html.Span(code, className="gridops-chip") for code in codes] or ["—"]


def _delivery(outage: PlannedOutage) -> list[Any]:
    """Once announced, how its latest notices fared (filled by callbacks/notices.py)."""
    return [delivery_summary_slot(outage_event_ref(outage))] if outage.published_at else []


def build_outage_list(outages: list[PlannedOutage], lang: Language, zone: str) -> list[Any]:
    """Each outage with its window in the zone and the zone's offset, its status and reach."""
    items = []
    for outage in outages:
        window = format_span(outage.starts_at, outage.ends_at, with_offset=True, name=zone)
        actions: list[Any] = []
        if not outage.status.is_final:
            actions.append(
                html.Button(
                    text("po_cancel", lang),
                    id={"type": OUTAGE_CANCEL_TYPE, "id": outage.id},
                    n_clicks=0,
                )
            )
        items.append(
            html.Li(
                [
                    html.Strong(f"PO-{outage.id} {outage.title}"),
                    html.Br(),
                    f"{text(f'po_status_{outage.status.value}', lang)} · {window} · "
                    f"{outage.customers_affected:,} "
                    f"{text('po_customers', lang)} ",
                    *actions,
                    *_delivery(outage),
                ],
                className=f"gridops-outage gridops-outage-{outage.status.value}",
            )
        )
    return [html.Ul(items, className="gridops-outages")] if items else ["—"]
