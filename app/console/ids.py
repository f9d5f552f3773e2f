"""Component ids of the console, as constants."""

from enum import StrEnum


class ShellId(StrEnum):
    LANGUAGE = "language"
    LANGUAGE_SWITCH = "language-switch"
    TITLE = "app-title"
    SOURCE = "grid-source"


class GridMapId(StrEnum):
    MAP = "grid-map"
    LAYERS_CONTROL = "grid-layers-control"
    PANEL = "grid-panel"
    LEGEND = "grid-legend"
    NOTICE = "grid-notice"


LAYER_TYPE = "grid-layer"  # pattern-matching ids: {"type": LAYER_TYPE, "id": layer_id}
OVERLAY_TYPE = "grid-overlay"  # {"type": OVERLAY_TYPE, "id": layer_id}
