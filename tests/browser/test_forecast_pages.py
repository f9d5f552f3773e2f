"""The planner in headless Chromium: the forecast layer on the map, the ranked table and its
CSV and GeoPackage exports, the horizon slider, and one transformer's charts with the
capacity line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import geopandas as gpd
import psycopg
import pytest
from playwright.sync_api import Page, expect

from forecasting.models import ForecastSettings
from forecasting.run import run_forecast

RISK = "path.gridops-forecast_risk"


@pytest.fixture(scope="module")
def forecast_run(demo_db_url: str) -> Iterator[int]:
    """A forecast of every transformer of the small demo, committed, deleted afterwards."""
    with psycopg.connect(demo_db_url) as conn:
        summary = run_forecast(conn, ForecastSettings(peak_horizon_days=365, peak_scenarios=50))
        conn.commit()
    yield summary.run_id
    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        conn.execute("DELETE FROM forecast_run WHERE id = %s", (summary.run_id,))


def test_the_forecast_page_shows_the_run_the_map_and_the_ranked_table(
    page: Page, console_url: str, demo_db_url: str, forecast_run: int
) -> None:
    with psycopg.connect(demo_db_url) as conn:
        transformers = conn.execute("SELECT count(*) FROM transformer").fetchone()[0]
        at_risk = conn.execute(
            "SELECT t.code, tf.loading_pct FROM transformer_forecast tf "
            "JOIN transformer t ON t.id = tf.transformer_id "
            "WHERE tf.run_id = %s AND tf.risk_class IN ('watch', 'overload') "
            "ORDER BY tf.loading_pct DESC",
            (forecast_run,),
        ).fetchall()
    page.goto(f"{console_url}/forecast")
    expect(page.locator("#fc-run")).to_contain_text(f"Run {forecast_run}")
    expect(page.locator(RISK)).to_have_count(transformers)
    if at_risk:
        rows = page.locator("#fc-risk-table tbody tr")
        expect(rows).to_have_count(len(at_risk))
        expect(rows.first).to_contain_text(at_risk[0][0])
    else:
        expect(page.locator("#fc-none-at-risk")).to_be_visible()

    with page.expect_download() as download:
        page.locator("#fc-export-csv").click()
    exported = list(csv.DictReader(io.StringIO(download.value.path().read_text())))
    assert [row["code"] for row in exported] == [code for code, _ in at_risk]
    with page.expect_download() as download:
        page.locator("#fc-export-gpkg").click()
    assert download.value.suggested_filename.endswith(".gpkg")
    points = gpd.read_file(download.value.path(), layer="transformers_at_risk")
    assert points["code"].tolist() == [code for code, _ in at_risk]
    assert points.crs.to_epsg() == 4326

    # The horizon slider refetches the layer for a shorter look-ahead.
    with page.expect_response(lambda r: "forecast_risk" in r.url and "horizon=" in r.url):
        page.locator("#fc-horizon [role='slider']").first.press("Home")
    expect(page.locator(RISK)).to_have_count(transformers)


def test_a_transformer_page_charts_history_forecast_and_capacity(
    page: Page, console_url: str, demo_db_url: str, forecast_run: int
) -> None:
    with psycopg.connect(demo_db_url) as conn:
        transformer_id, code = conn.execute(
            "SELECT t.id, t.code FROM transformer_forecast tf "
            "JOIN transformer t ON t.id = tf.transformer_id "
            "WHERE tf.run_id = %s AND tf.status = 'ok' ORDER BY tf.loading_pct DESC LIMIT 1",
            (forecast_run,),
        ).fetchone()
    page.goto(f"{console_url}/forecast/transformer/{transformer_id}")
    expect(page.locator("#fc-transformer-heading")).to_contain_text(code)
    load = page.locator("#fc-load-graph")
    expect(load.locator(".js-plotly-plot")).to_be_visible()  # plotly.js loads late
    expect(load).to_contain_text("measured")
    expect(load).to_contain_text("Time (Asia/Shanghai (UTC+08:00))")  # the clock it is drawn on
    expect(load).to_contain_text("forecast")
    expect(load).to_contain_text("capacity")
    expect(page.locator("#fc-peak-graph")).to_contain_text("daily peak")
    expect(page.locator("#fc-contrib-graph .js-plotly-plot")).to_be_visible()
    page.goto(f"{console_url}/forecast/transformer/987654")
    expect(page.locator("#fc-unknown")).to_be_visible()
