"""The public fault report page (public audience): no login, made for a phone."""

from __future__ import annotations

from dash import dcc, html

from app.console.components.grid_backdrop import build_backdrop_legend
from app.console.components.grid_map import DEFAULT_BOUNDS
from app.console.components.public_map import build_public_map
from app.console.context import current_context
from app.console.i18n import Language, text
from app.console.ids import TEXT_TYPE, FaultReportId

PATH = "/public/report"
EN = Language.EN  # the language callbacks relabel on load
R = FaultReportId


def _label(key: str) -> html.Label:
    return html.Label(text(key, EN), id={"type": TEXT_TYPE, "key": key})


def layout(**_query: str) -> html.Div:
    """The map to tap the place, the locate button and the report form."""
    context = current_context()
    view = context.grid_extent() or DEFAULT_BOUNDS
    report_map = build_public_map(
        R.MAP,
        R.MARKER,
        view,
        context.public_backdrop(view),
        context.web.basemap_url,
        context.web.basemap_attribution,
    )
    form = html.Div(
        [
            _label("fault_report_contact"),
            dcc.Input(id=R.CONTACT, type="text", maxLength=200, autoComplete="tel"),
            _label("fault_report_account"),
            dcc.Input(id=R.ACCOUNT, type="text", maxLength=40),
            _label("fault_report_description"),
            dcc.Textarea(id=R.DESCRIPTION, maxLength=500, rows=3),
            html.Button(text("fault_report_submit", EN), id=R.SUBMIT, n_clicks=0),
        ],
        className="gridops-fault-report-form",
    )
    return html.Div(
        [
            dcc.Store(id=R.POSITION),
            dcc.Store(id=R.PLACE),
            html.H2(
                text("fault_report_heading", EN),
                id={"type": TEXT_TYPE, "key": "fault_report_heading"},
            ),
            html.P(
                text("fault_report_hint", EN), id={"type": TEXT_TYPE, "key": "fault_report_hint"}
            ),
            html.Button(text("fault_report_locate", EN), id=R.LOCATE, n_clicks=0),
            report_map,
            build_backdrop_legend(EN, transformers=False),
            html.P(id=R.PLACE_HINT, className="gridops-fault-report-place"),
            form,
            html.Div(id=R.ANSWER, className="gridops-public-answer", role="status"),
        ],
        className="gridops-public",
    )
