"""The map's legend: one entry for every layer of the catalog, drawn as the map draws it, and
the loading classes that colour the transformers (peak of the last 24 hours) and the forecast."""

from __future__ import annotations

from dataclasses import dataclass

from dash import html

from app.console.i18n import Language, text
from app.console.ids import TEXT_TYPE, GridMapId
from layers.catalog import LAYERS, GeometryKind, Layer, LayerId

# the classes of assets/gridops_map.js loadingClass, with the colours it draws them in
LOADING_CLASSES = (
    ("normal", "#1a9850"),
    ("watch", "#fdae61"),
    ("overload", "#d73027"),
    ("nodata", "#969696"),
)
# what a layer coloured by loading says about its loading
LOADING_MEANING = {LayerId.TRANSFORMERS: "lg_transformers", LayerId.FORECAST_RISK: "lg_forecast"}


@dataclass(frozen=True)
class LegendEntry:
    """A shape a page draws on the map besides the catalog's layers (a preview, a drawing)."""

    text_key: str  # in app/console/i18n.py TEXTS; relabelled with the language
    color: str
    geometry: GeometryKind = GeometryKind.POLYGON


DRAWN_AREA = LegendEntry("lg_drawn_area", "#3388ff")  # leaflet-draw's own colour


def build_page_legend(entries: tuple[LegendEntry, ...], lang: Language) -> list[html.Div]:
    """The legend of a page's own shapes, labels marked for the shell's relabelling."""
    return [
        html.Div(
            [
                html.Span(
                    className=f"swatch swatch-{entry.geometry.value}",
                    style={"background": entry.color, "borderColor": entry.color},
                ),
                html.Span(
                    text(entry.text_key, lang), id={"type": TEXT_TYPE, "key": entry.text_key}
                ),
            ],
            className="gridops-legend-entry gridops-legend-page",
        )
        for entry in entries
    ]


def _swatch(layer: Layer) -> html.Span:
    """A small sample of the layer as drawn: a dot, a line or a filled square."""
    style = layer.style
    fill = style.fill_color or style.color
    if layer.geometry is GeometryKind.LINE:
        css = {"background": style.color}
    elif layer.geometry is GeometryKind.POLYGON:
        css = {"background": fill, "borderColor": style.color}
    else:
        css = {"background": fill, "borderColor": style.color}
        if style.color_by:
            css["background"] = "conic-gradient(" + ", ".join(c for _, c in LOADING_CLASSES) + ")"
    return html.Span(
        className=f"swatch swatch-{layer.geometry.value}",
        style=css,
        title=layer.style.color_by or None,
    )


def _entry(layer: Layer, lang: Language) -> html.Div:
    label = layer.title(lang)
    if layer.id in LOADING_MEANING:
        label = f"{label}: {text(LOADING_MEANING[layer.id], lang)}"
    return html.Div(
        [_swatch(layer), html.Span(label)],
        className=f"gridops-legend-entry gridops-legend-{layer.id.value}",
    )


def build_legend(lang: Language) -> list[html.Div | html.Strong | html.Button]:
    """The map's legend: each layer's swatch, the transformers' colours and the forecast button."""
    rows: list[html.Div | html.Strong | html.Button] = [html.Strong(text("lg_title", lang))]
    for layer in LAYERS:
        rows.append(_entry(layer, lang))
        if layer.id is LayerId.TRANSFORMERS:
            rows.extend(
                html.Div(
                    [
                        html.Span(className="swatch swatch-point", style={"background": color}),
                        text(key, lang),
                    ],
                    className="gridops-legend-class",
                )
                for key, color in LOADING_CLASSES
            )
    rows.append(
        html.Button(
            text("lg_show_forecast", lang),
            id=GridMapId.SHOW_FORECAST,
            n_clicks=0,
            className="gridops-link-button",
        )
    )
    return rows
