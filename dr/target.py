"""Targeting: which enrolled customers an event asks, and what they are expected to shed.

A target is a drawn area (customers whose point lies in it) or a set of transformers (the
customers behind them) — picked, or "the transformers forecast above X % loading at the next
peak" from the latest forecast run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg

from dr.models import DrPreview, TransformerRelief
from dr.settings import dr_settings
from forecasting.models import RiskClass, RunKind
from forecasting.report import latest_run, risk_table
from gis import local_time
from gis.errors import RejectedInputError
from gis.geometry import DrawnArea
from gis.sql_file import load_sql
from gis.vocabulary import POWER_FACTOR
from notify.settings import notify_settings


class DrRejectedError(RejectedInputError):
    """Input that cannot make a DR event (answered 422), naming the field at fault."""

    title = "Invalid DR event"
    kind = "invalid-dr"


@dataclass(frozen=True)
class Target:
    """Exactly one of: a drawn area, picked transformers, or a forecast loading threshold."""

    area: DrawnArea | None = None
    transformer_ids: tuple[int, ...] = ()
    min_loading_pct: float | None = None


@dataclass(frozen=True)
class ResolvedTarget:
    """A target made concrete: the area or transformers it stands for, and its rule in words."""

    area: DrawnArea | None
    transformer_ids: tuple[int, ...]
    rule: str


def _sql(name: str) -> bytes:
    return load_sql("dr", name).encode()


def forecast_transformers(conn: psycopg.Connection, min_loading_pct: float) -> tuple[int, ...]:
    """Transformers whose forecast peak loading (latest forecast run) is at least the %."""
    run = latest_run(conn, RunKind.FORECAST)
    if run is None:
        raise DrRejectedError(
            "there is no forecast run yet (gridops forecast run)", "min_loading_pct"
        )
    rows = risk_table(conn, run.id, limit=None, min_class=RiskClass.NORMAL)
    return tuple(
        sorted(
            r.transformer_id
            for r in rows
            if r.loading_pct is not None and r.loading_pct >= min_loading_pct
        )
    )


def resolve(conn: psycopg.Connection, target: Target) -> ResolvedTarget:
    """The area or transformers a target stands for; refused unless exactly one kind is given."""
    kinds = sum(
        [target.area is not None, bool(target.transformer_ids), target.min_loading_pct is not None]
    )
    if kinds != 1:
        raise DrRejectedError(
            "give exactly one target: geometry, transformer_ids or min_loading_pct", "geometry"
        )
    if target.area is not None:
        return ResolvedTarget(target.area, (), "drawn area")
    if target.transformer_ids:
        return ResolvedTarget(None, tuple(sorted(set(target.transformer_ids))), "transformers")
    assert target.min_loading_pct is not None
    ids = forecast_transformers(conn, target.min_loading_pct)
    if not ids:
        raise DrRejectedError(
            f"no transformer is forecast above {target.min_loading_pct:g} % loading",
            "min_loading_pct",
        )
    return ResolvedTarget(None, ids, f"forecast loading >= {target.min_loading_pct:g} %")


def window_hours(starts_at: datetime, ends_at: datetime) -> list[int]:
    """The local hours of day an (on-the-hour, same-day) window covers."""
    zone = local_time.zone(dr_settings().timezone)
    first = starts_at.astimezone(zone).hour
    count = round((ends_at - starts_at).total_seconds() / 3600)
    return [(first + i) % 24 for i in range(count)]


def target_statement(tail: str) -> bytes:
    """with_target_customers.sql followed by the statement that uses its target (a dr/sql file:
    select_target_transformers.sql, insert_requests.sql)."""
    return (load_sql("dr", "target/with_target_customers.sql") + load_sql("dr", tail)).encode()


def target_parameters(
    program_id: int, resolved: ResolvedTarget, starts_at: datetime, ends_at: datetime, now: datetime
) -> dict[str, Any]:
    """The parameters of with_target_customers.sql for a target and window, settings included."""
    settings = dr_settings()
    notify = notify_settings()
    return {
        "area": resolved.area.wkb if resolved.area else None,
        "transformer_ids": list(resolved.transformer_ids),
        "program_id": program_id,
        "now": now,
        "reference_days": settings.reference_days,
        "tz": settings.timezone,
        "hours": window_hours(starts_at, ends_at),
        "typical_response": settings.typical_response,
        "default_channel": notify.default_customer_channel.value,
        "default_language": notify.default_language.value,
    }


def has_enrolled(conn: psycopg.Connection, program_id: int, resolved: ResolvedTarget) -> bool:
    """Whether any customer enrolled in the program lies in the target."""
    row = conn.execute(
        load_sql("dr", "target/select_target_has_enrolled.sql").encode(),
        {
            "program_id": program_id,
            "area": resolved.area.wkb if resolved.area else None,
            "transformer_ids": list(resolved.transformer_ids),
        },
    ).fetchone()
    return bool(row and row[0])


def preview_target(
    conn: psycopg.Connection,
    program_id: int,
    resolved: ResolvedTarget,
    starts_at: datetime,
    ends_at: datetime,
    target_kw: float,
    now: datetime,
) -> DrPreview:
    """Totals against the target, and the expected relief per transformer (aggregated in SQL:
    the transformer's mean load in the window's hours over the reference days, less the kW its
    enrolled customers are expected to shed)."""
    rows = conn.execute(
        target_statement("target/select_target_transformers.sql"),
        target_parameters(program_id, resolved, starts_at, ends_at, now),
    ).fetchall()
    transformers = []
    for transformer_id, code, kva, customers, relief, base in rows:
        capacity_kw = kva * POWER_FACTOR
        transformers.append(
            TransformerRelief(
                transformer_id=transformer_id,
                code=code,
                customers=customers,
                capacity_kva=kva,
                baseline_kw=round(base, 1),
                expected_relief_kw=round(relief, 1),
                loading_before_pct=round(100 * base / capacity_kw, 1),
                loading_after_pct=round(100 * max(0.0, base - relief) / capacity_kw, 1),
            )
        )
    transformers.sort(key=lambda t: -t.expected_relief_kw)
    return DrPreview(
        customers=sum(t.customers for t in transformers),
        expected_kw=round(sum(r[4] for r in rows), 1),
        target_kw=target_kw,
        transformers=transformers,
        target_rule=resolved.rule,
    )
