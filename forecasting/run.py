"""`gridops forecast run`: read the history, forecast every transformer, record the run."""

from __future__ import annotations

import resource
import sys
import time
from dataclasses import dataclass
from datetime import datetime

import psycopg
from tqdm import tqdm

from forecasting.forecast import forecast_transformers
from forecasting.history import data_cutoff, read_history
from forecasting.models import ForecastSettings, ModelName, RunKind
from forecasting.run_record import finish_run, recorded_run, risk_counts, write_forecast

HISTORY_DAYS = 371  # a year and a week: the annual terms and a 168-hour lag at the start


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    transformers: int
    insufficient: int
    risk_counts: dict[str, int]
    seconds: float

    def __str__(self) -> str:
        classes = ", ".join(f"{count} {name}" for name, count in self.risk_counts.items())
        return (
            f"forecast run {self.run_id}: {self.transformers} transformers "
            f"({classes}) in {self.seconds:.1f} s"
        )


def peak_memory_mb() -> float:
    """This process's peak resident memory so far (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_forecast(
    conn: psycopg.Connection,
    settings: ForecastSettings | None = None,
    transformers: int | None = None,
    cutoff: datetime | None = None,
    progress: bool = False,
) -> RunSummary:
    """Forecast the first `transformers` transformers (all with None) from the history before
    the cut-off (default: after the newest reading) and record the run and its results."""
    settings = settings or ForecastSettings()
    started = time.perf_counter()
    cutoff = cutoff or data_cutoff(conn)
    parameters = settings.as_parameters() | {"transformer_limit": transformers}
    with recorded_run(conn, RunKind.FORECAST, ModelName.POOLED, parameters, cutoff) as run_id:
        history = read_history(conn, cutoff, HISTORY_DAYS, transformers)
        read_s = time.perf_counter() - started
        count = len(history.transformer_ids)
        with tqdm(total=count, unit="transformer", disable=not progress, file=sys.stderr) as bar:
            bar.set_description("forecast")
            result = forecast_transformers(history, settings, progress=bar.update)
            bar.update(count - bar.n)
        writing = time.perf_counter()
        write_forecast(conn, run_id, result)
        write_s = time.perf_counter() - writing
        insufficient = int((~result.screening.sufficient).sum())
        counts = risk_counts(result)
        metrics = {
            "timings_s": {"read_s": round(read_s, 3), "write_s": round(write_s, 3)}
            | {k: round(v, 3) for k, v in result.timings_s.items()},
            "peak_memory_mb": round(peak_memory_mb(), 1),
            "history_hours": len(history.hours),
            "annual_terms": result.annual_terms,
            "diversity_factors": result.diversity_factors(),
            "risk_counts": counts,
            "warnings": result.warnings,
        }
        finish_run(conn, run_id, ModelName.POOLED, count, insufficient, metrics)
    return RunSummary(run_id, count, insufficient, counts, time.perf_counter() - started)
