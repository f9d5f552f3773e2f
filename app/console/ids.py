"""Component ids of the console, as constants."""

from enum import StrEnum


class ShellId(StrEnum):
    """The page shell on every page: language, navigation, search box, grid's source."""

    LANGUAGE = "language"
    LANGUAGE_SWITCH = "language-switch"
    LEAFLET_TEXTS = "leaflet-texts"  # store: Leaflet's words in the language (pairs)
    LEAFLET_TEXTS_APPLIED = "leaflet-texts-applied"  # store: written once the page has them
    TITLE = "app-title"
    SOURCE = "grid-source"
    NAV_GRID = "nav-grid"
    NAV_PLANNED = "nav-planned"
    NAV_NOTICES = "nav-notices"
    NAV_DISPATCH = "nav-dispatch"
    NAV_FORECAST = "nav-forecast"
    NAV = "nav"
    LOCATION = "location"
    NAV_HISTORY = "nav-history"
    SEARCH_BOX = "search-box"
    SEARCH = "search"
    SEARCH_RESULTS = "search-results"
    SEARCH_GO = "search-go"  # location: Enter opens the first match
    SEARCH_SUBMITTED = "search-submitted"  # store: the text in the box when Enter was pressed


class PublicOutageId(StrEnum):
    """The public outage lookup page (/public/outages), and an announced outage on it."""

    MAP = "public-map"
    MARKER = "public-marker"
    LOCATE = "public-locate"
    POSITION = "public-position"
    ACCOUNT = "public-account"
    ACCOUNT_BUTTON = "public-account-button"
    ANSWER = "public-answer"
    OUTAGE = "public-outage"  # the planned outage a notice links (?planned_outage=N)
    OUTAGE_AREA = "public-outage-area"
    OUTAGE_KEY = "public-outage-key"  # store: ?planned_outage=N as given


class FaultReportId(StrEnum):
    """The public fault report page (/public/report)."""

    MAP = "fault-report-map"
    MARKER = "fault-report-marker"
    LOCATE = "fault-report-locate"
    POSITION = "fault-report-position"  # store: the browser's location, or its error
    PLACE = "fault-report-place"  # store: the chosen WGS-84 {lon, lat}
    PLACE_HINT = "fault-report-place-hint"
    CONTACT = "fault-report-contact"
    ACCOUNT = "fault-report-account"
    DESCRIPTION = "fault-report-description"
    SUBMIT = "fault-report-submit"
    ANSWER = "fault-report-answer"


class PlannedOutageId(StrEnum):
    """The planned-outage page (/planned-outages)."""

    DRAW = "po-draw"
    PREVIEW_LAYER = "po-preview-layer"
    PREVIEW = "po-preview"
    PICKED = "po-picked"
    PICKED_LIST = "po-picked-list"
    FEEDER = "po-feeder"
    CLEAR = "po-clear"
    TITLE = "po-title"
    REASON = "po-reason"
    START = "po-start"
    END = "po-end"
    SAVE = "po-save"
    PUBLISH = "po-publish"
    PUBLISH_CONFIRM = "po-publish-confirm"  # asks, naming how many customers are told
    MESSAGE = "po-message"
    LIST = "po-list"
    FORM_LABELS = "po-form-labels"


class NoticeId(StrEnum):
    """The notices page (/notices)."""

    KINDS = "notice-kinds"
    STATUSES = "notice-statuses"
    CREATED = "notice-created"  # date range; its inputs are CREATED_FROM and CREATED_TO
    CREATED_FROM = "notice-created-from"
    CREATED_TO = "notice-created-to"
    EVENT = "notice-event"
    FILTER = "notice-filter"  # store: the filter fields, normalised
    OFFSET = "notice-offset"  # store: the first row shown
    TOTAL = "notice-total"  # store: how many notices match
    DEAD_SHOWN = "notice-dead-shown"  # store: ids of the dead letters on the page
    RETRIED = "notice-retried"  # store: bumped after a retry, to refresh at once
    REFRESH = "notice-refresh"  # interval: counts move while the worker runs
    COUNTS = "notice-counts"
    TABLE = "notice-table"
    PAGER = "notice-pager"
    PREVIOUS = "notice-previous"
    NEXT = "notice-next"
    RETRY_SHOWN = "notice-retry-shown"
    MESSAGE = "notice-message"
    EVENTS = "notice-events"


class DispatchId(StrEnum):
    """The dispatch page (/dispatch)."""

    SELECTED = "dp-selected"  # store: the selected incident's id
    CHANGED = "dp-changed"  # store: bumped after an action, to redraw at once
    REFRESH = "dp-refresh"  # interval: new reports and incident changes
    HIGHLIGHT = "dp-highlight"  # map layer: the selected incident's area, device and reports
    VIEW = "dp-view"  # store: where the map moves to show the selected incident
    LIST = "dp-list"
    DETAIL = "dp-detail"
    MESSAGE = "dp-message"
    CONFIRM = "dp-confirm"
    REJECT = "dp-reject"
    REASON = "dp-reason"
    CREW = "dp-crew"
    DISPATCH = "dp-dispatch"


class ForecastId(StrEnum):
    """The forecast page (/forecast) and one transformer's (/forecast/transformer/<id>)."""

    RUN = "fc-run-info"
    HORIZON = "fc-horizon"
    TABLE = "fc-table"
    EXPORT_CSV = "fc-export-csv"
    EXPORT_GPKG = "fc-export-gpkg"
    DOWNLOAD = "fc-download"
    BACKTEST = "fc-backtest"
    TRANSFORMER = "fc-transformer-id"  # store: the transformer page's id (from the path)
    CHARTS = "fc-charts"


class GridMapId(StrEnum):
    """The grid map (/), and the same map on the dispatch, DR, forecast and outage pages."""

    MAP = "grid-map"
    LAYERS_CONTROL = "grid-layers-control"
    PANEL = "grid-panel"
    LEGEND = "grid-legend"
    LAYER_NAMES = "grid-layer-names"  # store: every layer title (both languages) -> shown title
    LAYER_NAMES_APPLIED = "grid-layer-names-applied"
    NOTICE = "grid-notice"
    SHOW_FORECAST = "grid-show-forecast"  # the legend's button: switch the forecast layer on
    FORECAST_TITLES = "grid-forecast-titles"  # store: the forecast layer's titles
    FORECAST_SHOWN = "grid-forecast-shown"


LAYER_TYPE = "grid-layer"  # pattern-matching ids: {"type": LAYER_TYPE, "id": layer_id}
OVERLAY_TYPE = "grid-overlay"  # {"type": OVERLAY_TYPE, "id": layer_id}
OUTAGE_CANCEL_TYPE = "po-cancel"  # {"type": OUTAGE_CANCEL_TYPE, "id": planned_outage_id}
NOTICE_RETRY_TYPE = "notice-retry"  # {"type": NOTICE_RETRY_TYPE, "id": notice_id}
# {"type": DELIVERY_SUMMARY_TYPE, "event": event_ref}: a slot filled with that event's delivery
DELIVERY_SUMMARY_TYPE = "notice-delivery"
INCIDENT_SELECT_TYPE = "dp-select"  # {"type": INCIDENT_SELECT_TYPE, "id": incident_id}
TEXT_TYPE = "i18n-text"  # {"type": TEXT_TYPE, "key": text key}: relabelled by language


class CrewJobId(StrEnum):
    """The crew's job page (/crew/jobs/<token>)."""

    JOB_LINK = "crew-job-link"  # store: the token of the crew's link
    POSITION = "crew-position"  # store: the browser's position {lon, lat} or {error}
    LOCATE = "crew-locate"
    CARD = "crew-card"
    MAP = "crew-map"
    LAYERS = "crew-layers"
    NOTE = "crew-note"
    ACCEPTED = "crew-step-accepted"
    EN_ROUTE = "crew-step-en_route"
    ON_SITE = "crew-step-on_site"
    RESTORED = "crew-step-restored"
    MESSAGE = "crew-message"
    TIMELINE = "crew-timeline"


class DrId(StrEnum):
    """The demand response page (/dr)."""

    DRAW = "dr-draw"
    TARGET_LAYER = "dr-target-layer"
    EVENTS = "dr-events"  # the event list (a radio list: the selected event)
    DETAIL = "dr-detail"
    CHART = "dr-chart"
    CHART_SLOT = "dr-chart-slot"  # holds the chart once the event is measured, else nothing
    CANCEL_BOX = "dr-cancel-box"  # the cancel button, shown only for an event still to end
    CANCEL_CONFIRM = "dr-cancel-confirm"  # asks before the cancel button calls the event off
    CANCEL_MESSAGE = "dr-cancel-message"
    TICK = "dr-tick"  # dcc.Interval: the live count of responses
    PROGRAM = "dr-program"
    TITLE = "dr-title"
    START = "dr-start"
    END = "dr-end"
    TARGET_KW = "dr-target-kw"
    MIN_LOADING = "dr-min-loading"
    PREVIEW = "dr-preview"
    PREVIEW_BUTTON = "dr-preview-button"
    PUBLISH = "dr-publish"
    MESSAGE = "dr-message"


class ReportProgressId(StrEnum):
    """A reporter's own report (/public/reports/<token>)."""

    LINK_KEY = "report-progress-link-key"  # store: the key from the path
    PROGRESS = "report-progress-page"


class DrAnswerId(StrEnum):
    """The public DR answer page (/public/dr/<token>), opened from a dr_request notice."""

    LINK_KEY = "dr-answer-link-key"  # store: the key from the path
    REQUEST = "dr-answer-request"  # the request's window, deadline and incentive
    OPT_IN = "dr-answer-opt-in"
    OPT_OUT = "dr-answer-opt-out"
    ANSWER = "dr-answer"


class HistoryId(StrEnum):
    """The outage history page (/history)."""

    PERIOD = "hi-period"  # date range in the configured zone: start and end day
    FEEDER = "hi-feeder"
    CAUSE = "hi-cause"
    DEFINITIONS = "hi-definitions"
    MESSAGE = "hi-message"
    CHART = "hi-chart"
    INDICES = "hi-indices"
    FEEDERS = "hi-feeders"
    OUTAGES = "hi-outages"
    EXPORT_INDICES = "hi-export-indices"
    EXPORT_FEEDERS = "hi-export-feeders"
    EXPORT_HISTORY = "hi-export-history"
    DOWNLOAD = "hi-download"
