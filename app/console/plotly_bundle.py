"""The console's plotly.js: the basic partial bundle (scatter, bar, pie and the layout's
shapes, annotations and legend; npm plotly.js-basic-dist-min, the same version as the full
bundle the plotly package ships), served where dcc.Graph fetches plotly.js.

dcc.Graph loads plotly.js only when a page first draws a graph, after that page's callback has
answered; the full bundle (4.8 MB) then took 2.5 s to fetch and parse on a quiet 2-core
machine and 7-14 s on a busy one, so a forecast page's first visit was several times slower
than the next (whose plotly.js is cached). The basic bundle is a quarter of the size and holds
every trace type the console draws (go.Scatter, go.Bar)."""

from __future__ import annotations

from pathlib import Path

import flask

BASIC_BUNDLE = Path(__file__).parent / "vendor" / "plotly-basic.min.js"
# Where the Dash renderer points dcc.Graph when it serves its scripts itself.
PLOTLY_PATH = "/_dash-component-suites/plotly/package_data/plotly.min.js"


def bundle_version(path: Path = BASIC_BUNDLE) -> str:
    """The version in the bundle's banner ("* plotly.js (basic - minified) v4.1.1")."""
    with path.open() as bundle:
        banner = bundle.read(200)
    return banner.split(" v", 1)[1].split()[0]


def serve_basic_bundle(server: flask.Flask) -> None:
    """Answer dcc.Graph's plotly.js request with the basic bundle (a static rule, matched
    before Dash's own component-suites rule)."""

    def plotly_basic() -> flask.Response:
        return flask.send_file(BASIC_BUNDLE, mimetype="text/javascript", max_age=86400)

    server.add_url_rule(PLOTLY_PATH, "gridops_plotly_basic", plotly_basic)
