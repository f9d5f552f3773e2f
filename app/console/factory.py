"""Build the Dash console: pages grouped by audience, callbacks registered once."""

from __future__ import annotations

from pathlib import Path

import dash

from app.console.callbacks import crew_job as crew_job_callbacks
from app.console.callbacks import dispatch as dispatch_callbacks
from app.console.callbacks import dr as dr_callbacks
from app.console.callbacks import dr_answer as dr_answer_callbacks
from app.console.callbacks import fault_report as fault_report_callbacks
from app.console.callbacks import forecast as forecast_callbacks
from app.console.callbacks import grid as grid_callbacks
from app.console.callbacks import history as history_callbacks
from app.console.callbacks import notices as notice_callbacks
from app.console.callbacks import planned_outages as planned_outage_callbacks
from app.console.callbacks import public_outages as public_outage_callbacks
from app.console.callbacks import public_subjects as public_subject_callbacks
from app.console.callbacks import search as search_callbacks
from app.console.callbacks import shell as shell_callbacks
from app.console.context import ConsoleContext, current_context, set_context
from app.console.pages import crew_job as crew_job_page
from app.console.pages import dispatch as dispatch_page
from app.console.pages import dr as dr_page
from app.console.pages import dr_answer as dr_answer_page
from app.console.pages import fault_report as fault_report_page
from app.console.pages import fault_report_status as fault_report_status_page
from app.console.pages import forecast as forecast_page
from app.console.pages import forecast_transformer as forecast_transformer_page
from app.console.pages import grid as grid_page
from app.console.pages import history as history_page
from app.console.pages import notices as notice_page
from app.console.pages import planned_outages as planned_outage_page
from app.console.pages import public_outages as public_outage_page
from app.console.plotly_bundle import serve_basic_bundle
from app.console.shell import build_shell
from layers.query import grid_source_name

ASSETS = Path(__file__).parent / "assets"


def _shell() -> object:
    with current_context().pool.connection() as conn:
        source = grid_source_name(conn)
    return build_shell(source)


def build_console(context: ConsoleContext) -> dash.Dash:
    """The Dash app on this context: every page registered at its path, then all callbacks."""
    set_context(context)
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ASSETS),
        title="GridOps Console",
        suppress_callback_exceptions=True,
    )
    serve_basic_bundle(app.server)  # the first graph of a visit loads a quarter of plotly.js
    # Console audience (dispatchers, planners). Public and crew pages register here as they come.
    dash.register_page(
        "console.grid", path=grid_page.PATH, layout=grid_page.layout, title="GridOps Console — grid"
    )
    dash.register_page(
        "console.planned_outages",
        path=planned_outage_page.PATH,
        layout=planned_outage_page.layout,
        title="GridOps Console — planned outages",
    )
    dash.register_page(
        "console.dispatch",
        path=dispatch_page.PATH,
        layout=dispatch_page.layout,
        title="GridOps Console — dispatch",
    )
    dash.register_page(
        "console.forecast",
        path=forecast_page.PATH,
        layout=forecast_page.layout,
        title="GridOps Console — forecasts",
    )
    dash.register_page(
        "console.forecast_transformer",
        path_template=forecast_transformer_page.PATH_TEMPLATE,
        layout=forecast_transformer_page.layout,
        title="GridOps Console — transformer forecast",
    )
    dash.register_page(
        "console.dr", path=dr_page.PATH, layout=dr_page.layout, title="GridOps Console — DR"
    )
    dash.register_page(
        "console.notices",
        path=notice_page.PATH,
        layout=notice_page.layout,
        title="GridOps Console — notices",
    )
    dash.register_page(
        "console.history",
        path=history_page.PATH,
        layout=history_page.layout,
        title="GridOps Console — outage history",
    )
    # Public audience (customers): no login.
    dash.register_page(
        "public.outages",
        path=public_outage_page.PATH,
        layout=public_outage_page.layout,
        title="Power outages",
    )
    dash.register_page(
        "public.report",
        path=fault_report_page.PATH,
        layout=fault_report_page.layout,
        title="Report a power fault",
    )
    dash.register_page(
        "public.report_status",
        path_template=fault_report_status_page.PATH_TEMPLATE,
        layout=fault_report_status_page.layout,
        title="Your fault report",
    )
    dash.register_page(
        "public.dr_answer",
        path_template=dr_answer_page.PATH_TEMPLATE,
        layout=dr_answer_page.layout,
        title="Demand response",
    )
    # Crew audience (field crews): the token in the path of their link is their key.
    dash.register_page(
        "crew.job",
        path_template=crew_job_page.PATH_TEMPLATE,
        layout=crew_job_page.layout,
        title="Crew job",
    )
    app.layout = _shell
    shell_callbacks.register(app)
    search_callbacks.register(app)
    grid_callbacks.register(app)
    planned_outage_callbacks.register(app)
    public_outage_callbacks.register(app)
    fault_report_callbacks.register(app)
    crew_job_callbacks.register(app)
    notice_callbacks.register(app)
    dispatch_callbacks.register(app)
    forecast_callbacks.register(app)
    dr_callbacks.register(app)
    dr_answer_callbacks.register(app)
    public_subject_callbacks.register(app)
    history_callbacks.register(app)
    return app
