"""The map's legend: one entry for every layer of the catalog, drawn as the map draws it, and
the loading classes that colour the transformers (peak of the last 24 hours) and the forecast."""

from __future__ import annotations

from dash import html

from app.console.i18n import Language, text
from app.console.ids import GridMapId
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
