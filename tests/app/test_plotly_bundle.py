"""The console's plotly.js is the basic bundle of the very version the plotly package ships,
and it is what a page that draws a graph is served."""

from __future__ import annotations

from plotly.offline import get_plotlyjs_version

from app.console.plotly_bundle import BASIC_BUNDLE, PLOTLY_PATH, bundle_version


def test_the_basic_bundle_is_the_plotly_packages_version() -> None:
    """'the same version as the full bundle the plotly package ships'"""
    assert bundle_version() == get_plotlyjs_version()


def test_graphs_are_served_the_basic_bundle(demo_db_url: str) -> None:
    from fastapi.testclient import TestClient

    from app.main import create_app

    with TestClient(create_app(demo_db_url)) as client:
        answer = client.get(PLOTLY_PATH)
    assert answer.status_code == 200
    assert answer.content == BASIC_BUNDLE.read_bytes()
    assert answer.headers["content-type"].startswith("text/javascript")
