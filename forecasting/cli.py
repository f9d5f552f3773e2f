"""`gridops forecast run` and `gridops forecast backtest` (mounted by app.cli)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer

from gis.errors import GridOpsError

app = typer.Typer(
    help="Transformer load forecasts and their backtests.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _fail(exc: GridOpsError) -> typer.Exit:
    typer.echo(f"gridops: {exc}", err=True)
    return typer.Exit(code=1)


def parse_as_of(text: str, now: datetime | None = None) -> datetime:
    """The instant of `--as-of`: an ISO date or date-time, a zone-less one read in the
    configured zone (GRIDOPS_TIMEZONE), taken back to the whole (UTC) hour at or before it
    since the forecast is hourly and starts there; ValueError when unparsable or in the
    future."""
    from gis.local_time import local

    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"--as-of {text!r} is not an ISO date or date-time (e.g. 2026-11-01T00:00)"
        ) from None
    instant = local(value)
    if instant > (now or datetime.now(UTC)):
        raise ValueError(f"--as-of {text!r} is in the future")
    return instant - timedelta(seconds=instant.timestamp() % 3600)


@app.command("run")
def run(
    horizon_days: Annotated[int, typer.Option(min=1, max=60, help="days of hourly forecast")] = 14,
    transformers: Annotated[
        int | None, typer.Option(min=1, help="only the first N transformers (by id)")
    ] = None,
    progress: Annotated[bool, typer.Option(help="show a progress bar")] = True,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="WHEN",
            help="use only data before this instant (ISO date or date-time; "
            "without a zone, in GRIDOPS_TIMEZONE)",
        ),
    ] = None,
) -> None:
    """Forecast every transformer: 14 days hourly, 12 months of daily peaks, overload risk."""
    from forecasting.models import ForecastSettings
    from forecasting.run import run_forecast
    from gis.database import connect, resolve_database_url
    from identity.actor import cli_actor

    try:
        cutoff = None if as_of is None else parse_as_of(as_of)
    except ValueError as exc:
        typer.echo(f"gridops: {exc}", err=True)
        raise typer.Exit(code=1) from None
    try:
        with connect(resolve_database_url(), autocommit=True) as conn:
            summary = run_forecast(
                conn,
                ForecastSettings(horizon_days=horizon_days),
                transformers,
                cutoff=cutoff,
                progress=progress,
                actor=cli_actor(),
            )
    except GridOpsError as exc:
        raise _fail(exc) from None
    typer.echo(summary)


@app.command("backtest")
def backtest(
    origins: Annotated[int, typer.Option(min=1, max=52, help="rolling origins, a week apart")] = 4,
    transformers: Annotated[
        int | None, typer.Option(min=1, help="only the first N transformers (by id)")
    ] = None,
    per_series_sample: Annotated[
        int, typer.Option(min=0, help="transformers fitted one by one with statsmodels")
    ] = 20,
    progress: Annotated[bool, typer.Option(help="show a progress bar")] = True,
) -> None:
    """Rolling-origin backtest: MASE, MAPE, WAPE, peak error, coverage, overload precision and
    recall by lead, the ablation without appliances and per-series statsmodels fits."""
    from forecasting.backtest import BacktestSettings, run_backtest
    from gis.database import connect, resolve_database_url

    settings = BacktestSettings(origins=origins, per_series_sample=per_series_sample)
    try:
        with connect(resolve_database_url(), autocommit=True) as conn:
            summary = run_backtest(conn, settings, transformers, progress=progress)
    except GridOpsError as exc:
        raise _fail(exc) from None
    typer.echo(summary)
