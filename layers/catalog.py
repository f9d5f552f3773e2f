"""The map layers, defined once: id, titles, SQL, style and the zoom range they show at.

The console builds its layer switcher from this catalog and loads each layer by URL from
`GET /api/v1/layers/{layer_id}`; the API answers from the same definitions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from gis.sql_file import load_sql


class LayerId(StrEnum):
    """The map layers, by the id their URL and the console name them with."""

    SUPPLY_AREAS = "supply_areas"
    FEEDERS = "feeders"
    SUBSTATIONS = "substations"
    TRANSFORMERS = "transformers"
    CUSTOMERS = "customers"
    CREWS = "crews"
    PLANNED_OUTAGES = "planned_outages"
    FAULT_REPORTS = "fault_reports"
    FORECAST_RISK = "forecast_risk"


class GeometryKind(StrEnum):
    """What a layer's features are drawn as: points, lines or polygons."""

    POINT = "point"
    LINE = "line"
    POLYGON = "polygon"


STREET_ZOOM = 16  # customers show as points from here; below it, one aggregate per supply area


@dataclass(frozen=True)
class LayerStyle:
    """How the console draws a layer; read by assets/gridops_map.js through `hideout`."""

    color: str
    fill_color: str = ""
    weight: float = 2.0
    fill_opacity: float = 0.3
    radius: float = 5.0
    color_by: str = ""  # a property whose classes pick the colour (e.g. loading_pct)

    def as_hideout(self, layer_id: str, pane: str = "") -> dict[str, object]:
        """The style as the map script reads it from a layer's hideout, with the layer's pane."""
        return {
            "layer": layer_id,
            "pane": pane,
            "color": self.color,
            "fillColor": self.fill_color or self.color,
            "weight": self.weight,
            "fillOpacity": self.fill_opacity,
            "radius": self.radius,
            "colorBy": self.color_by,
        }


@dataclass(frozen=True)
class Layer:
    """One map layer: its titles, its SQL, how it is drawn and the zooms it shows at."""

    id: LayerId
    title_en: str
    title_zh: str
    sql_file: str
    geometry: GeometryKind
    style: LayerStyle
    min_zoom: int = 0
    visible: bool = True
    detail_sql_file: str | None = None  # used from detail_min_zoom on (customers as points)
    detail_min_zoom: int = STREET_ZOOM
    max_features: int = 20000
    properties: tuple[str, ...] = field(default=())

    def title(self, lang: str) -> str:
        """The layer's title in a language: Chinese for any zh tag, else English."""
        return self.title_zh if lang.startswith("zh") else self.title_en

    @property
    def pane(self) -> str:
        """The Leaflet pane the layer draws in (one per layer, stacked by STACK)."""
        return f"gridops-{self.id.value}"

    @property
    def z_index(self) -> int:
        """Areas under Leaflet's overlay pane (400, where pages draw their own shapes), lines
        and points above it, the most specific on top: a click picks the feature on top."""
        position = STACK.index(self.id)
        if self.geometry is GeometryKind.POLYGON:
            return 380 + 10 * position
        return 410 + 10 * position

    def sql_for_zoom(self, zoom: int) -> str:
        """Its query at a zoom: the detailed one (customers as points) from detail_min_zoom on."""
        name = self.sql_file
        if self.detail_sql_file and zoom >= self.detail_min_zoom:
            name = self.detail_sql_file
        return load_sql("layers", name)


LAYERS: tuple[Layer, ...] = (
    Layer(
        LayerId.SUPPLY_AREAS,
        "Supply areas",
        "供电区域",
        "select_supply_areas.sql",
        GeometryKind.POLYGON,
        LayerStyle("#6a51a3", "#bcbddc", weight=1, fill_opacity=0.15),
    ),
    Layer(
        LayerId.FEEDERS,
        "10 kV feeders",
        "10千伏馈线",
        "select_feeders.sql",
        GeometryKind.LINE,
        LayerStyle("#08519c", weight=2.5),
    ),
    Layer(
        LayerId.SUBSTATIONS,
        "Substations",
        "变电站",
        "select_substations.sql",
        GeometryKind.POINT,
        LayerStyle("#000000", "#ffd700", radius=9, fill_opacity=0.9),
    ),
    Layer(
        LayerId.TRANSFORMERS,
        "Transformers",
        "配电变压器",
        "select_transformers.sql",
        GeometryKind.POINT,
        LayerStyle("#333333", radius=5, fill_opacity=0.9, color_by="peak_loading_pct"),
    ),
    Layer(
        LayerId.CUSTOMERS,
        "Customers",
        "用户",
        "select_customer_aggregates.sql",
        GeometryKind.POINT,
        LayerStyle("#2171b5", "#6baed6", radius=3, fill_opacity=0.7),
        visible=False,
        detail_sql_file="select_customers.sql",
    ),
    Layer(
        LayerId.PLANNED_OUTAGES,
        "Planned outages",
        "计划停电",
        "select_planned_outages.sql",
        GeometryKind.POLYGON,
        LayerStyle("#e6550d", "#fdae6b", weight=2, fill_opacity=0.35),
    ),
    Layer(
        LayerId.FAULT_REPORTS,
        "Fault reports",
        "故障报修",
        "select_fault_reports.sql",
        GeometryKind.POINT,
        LayerStyle("#67000d", "#ff2d2d", weight=1.5, radius=6, fill_opacity=0.95),
    ),
    Layer(
        LayerId.FORECAST_RISK,
        "Forecast loading",
        "预测负载率",
        "select_forecast_risk.sql",
        GeometryKind.POINT,
        LayerStyle("#252525", radius=7, fill_opacity=0.95, color_by="loading_pct"),
        visible=False,
    ),
    Layer(
        LayerId.CREWS,
        "Crews",
        "抢修班组",
        "select_crews.sql",
        GeometryKind.POINT,
        # teal: red reads as an overload or a fault on this map
        LayerStyle("#014636", "#02818a", weight=2.5, radius=7, fill_opacity=0.9),
    ),
)

# Drawing order, bottom to top: areas, then lines, then points from the broad (a substation,
# a supply area's customers) to the specific (a transformer, a crew, a fault report).
STACK: tuple[LayerId, ...] = (
    LayerId.SUPPLY_AREAS,
    LayerId.PLANNED_OUTAGES,
    LayerId.FEEDERS,
    LayerId.SUBSTATIONS,
    LayerId.CUSTOMERS,
    LayerId.FORECAST_RISK,
    LayerId.TRANSFORMERS,
    LayerId.CREWS,
    LayerId.FAULT_REPORTS,
)

_BY_ID = {layer.id.value: layer for layer in LAYERS}


def find_layer(layer_id: str) -> Layer | None:
    """The layer with this id; None for an unknown one."""
    return _BY_ID.get(layer_id)
