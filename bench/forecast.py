"""Transformer load forecasts at scale, on the medium (1,000 transformers, a year of hourly load)
and large (10,000) demos.

1. `gridops forecast run` on every transformer: read, fit, 14 days hourly, 12 months of daily
   peaks with scenarios, write (targets: medium under 60 s, large under 10 minutes, on 2 cores),
   with the peak memory of the process that ran it (each size in its own child process).
2. The backtest on the medium demo: day-ahead MASE against the 168-hour seasonal naive (target
   under 0.85); the peer in the same run is Holt-Winters per series (statsmodels) on a sample,
   with the pooled model on the same sample; interval coverage on held-out origins; and the
   12-month backtest with its ablation without the appliance regressors (target: the 12-month
   peak error of transformers with strong adoption cut by at least 20 %). Origins 12 months
   back need two years of load, the peaks' band factor three: give such a demo with
   --medium-database (`gridops demo load --days 1095`).

The demos live in gridops_bench_medium and gridops_bench_large on the configured server
(GRIDOPS_DATABASE_URL or the embedded cluster), loaded once with data.demo_load.load_demo and
reused. The runs the bench records are deleted afterwards unless --keep.
Run: .venv/bin/python -m bench.forecast [--sizes medium,large] [--origins 4] [--sample 20]
     [--medium-database NAME]  (a medium demo with appliance sales, say)
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from typing import Any

from psycopg.conninfo import conninfo_to_dict

from bench.demo_database import demo_database_url
from data.demo_network import DemoSize
from forecasting.backtest import BacktestSettings, run_backtest
from forecasting.run import peak_memory_mb, run_forecast
from gis.database import connect
from gis.migrate import upgrade

TARGET_S = {DemoSize.MEDIUM: 60.0, DemoSize.LARGE: 600.0}


def _forecast_child(url: str, queue: Any) -> None:
    with connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        summary = run_forecast(conn)
        seconds = time.perf_counter() - started
        row = conn.execute(
            "SELECT metrics FROM forecast_run WHERE id = %s", (summary.run_id,)
        ).fetchone()
    queue.put(
        (
            summary.run_id,
            summary.transformers,
            summary.insufficient,
            seconds,
            peak_memory_mb(),
            row[0] if row else {},
        )
    )


def forecast_size(size: DemoSize, database: str | None = None) -> tuple[int, dict[str, Any]]:
    """Time a forecast run on a demo in a child process and print it; returns the run, metrics."""
    url = demo_database_url(size, database)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_forecast_child, args=(url, queue))
    child.start()
    run_id, count, insufficient, seconds, memory, metrics = queue.get()
    child.join()
    timings = metrics.get("timings_s", {})
    print(
        f"{size.value:<7} {count:>6} {insufficient:>6} {seconds:>8.1f} {TARGET_S[size]:>7.0f} "
        f"{memory:>8.0f}  "
        + " ".join(f"{k.removesuffix('_s')}={v:.1f}" for k, v in timings.items())
    )
    return run_id, metrics


def backtest_medium(url: str, origins: int, sample: int) -> int:
    """Time a backtest on the medium demo and print its headline figures; returns the run id."""
    with connect(url, autocommit=True) as conn:
        upgrade(conn)
        started = time.perf_counter()
        summary = run_backtest(conn, BacktestSettings(origins=origins, per_series_sample=sample))
        sales = conn.execute("SELECT count(*) FROM appliance_sale").fetchone()
        seconds = time.perf_counter() - started
    database = conninfo_to_dict(url).get("dbname")
    print(
        f"\nbacktest ({database}, {sales[0] if sales else 0:,} appliance sales, {origins} origins)"
        f" in {seconds:.1f} s"
    )
    head = summary.headline
    rows = [
        ("day-ahead MASE, pooled, all transformers (target < 0.85)", head["day_ahead_mase"]),
        ("day-ahead MAE / seasonal-naive MAE, same hours", head["day_ahead_mae_vs_seasonal_naive"]),
        ("day-ahead MASE of the 168-h seasonal naive itself", head["seasonal_naive_mase"]),
        (
            f"day-ahead MASE, Holt-Winters per series ({sample} sampled)",
            head["per_series_sample_mase"],
        ),
        ("day-ahead MASE, pooled, same sample", head["pooled_sample_mase"]),
        ("p10-p90 coverage over 14 days, held-out origins (nominal 0.80)", head["coverage_80"]),
        ("  the same before calibration", head.get("coverage_80_uncalibrated")),
        ("  hourly band factor (calibration origins)", head.get("hourly_interval_factor_80")),
        ("day-ahead MASE without appliances", head["day_ahead_mase_no_appliances"]),
        (
            "12-month daily peaks' band factor (origin 24 months back)",
            head["peak_interval_factor_80"],
        ),
    ]
    for months in (12, 9, 6):
        annual = head.get(f"annual_{months}m")
        if not annual:
            rows.append((f"origin {months} months back", "n/a (needs more history)"))
            continue
        rows += [
            (
                f"origin {months} months back ({annual['days']:.0f} days ahead): "
                f"{annual['strong_count']:.0f} strong adopters",
                "",
            ),
            ("  their period peak APE, pooled", annual["strong_peak_ape"]),
            (
                "  their period peak APE, without appliances",
                annual["strong_peak_ape_no_appliances"],
            ),
            (
                "  error cut by the appliance regressors (target >= 0.20)",
                annual["strong_peak_error_cut"],
            ),
            ("  period peak APE, every transformer", annual["peak_ape"]),
            ("  daily peak APE, every transformer", annual["daily_peak_ape"]),
            ("  daily peak p10-p90 coverage (nominal 0.80)", annual["daily_coverage_80"]),
            ("  the same before calibration", annual["daily_coverage_80_uncalibrated"]),
            ("  period peak p10-p90 coverage", annual["peak_coverage_80"]),
        ]
    for label, value in rows:
        print(f"  {label:<72} {'n/a' if value is None else value}")
    print(f"  kept model: {head['kept_model']}")
    return summary.run_id


def main() -> None:
    """Time forecast runs on the --sizes demos, then (unless skipped) a medium backtest."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="medium", help="comma-separated: medium,large")
    parser.add_argument("--origins", type=int, default=4)
    parser.add_argument("--sample", type=int, default=20, help="per-series fits per origin")
    parser.add_argument("--skip-backtest", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the recorded runs")
    parser.add_argument(
        "--medium-database",
        help="the medium demo's database (default gridops_bench_medium), e.g. one with sales",
    )
    args = parser.parse_args()
    print(f"{'size':<7} {'trans.':>6} {'insuf.':>6} {'run s':>8} {'target':>7} {'peak MB':>8}")
    recorded: list[tuple[str, int]] = []
    for name in args.sizes.split(","):
        size = DemoSize(name.strip())
        database = args.medium_database if size is DemoSize.MEDIUM else None
        run_id, _ = forecast_size(size, database)
        recorded.append((demo_database_url(size, database), run_id))
    if not args.skip_backtest:
        url = demo_database_url(DemoSize.MEDIUM, args.medium_database)
        recorded.append((url, backtest_medium(url, args.origins, args.sample)))
    if not args.keep:
        for url, run_id in recorded:
            with connect(url, autocommit=True) as conn:
                conn.execute("DELETE FROM forecast_run WHERE id = %s", (run_id,))


if __name__ == "__main__":
    main()
