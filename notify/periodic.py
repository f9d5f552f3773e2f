"""Periodic tasks the notice worker runs between deliveries: work that the clock, not a
request, makes due (reminders before a planned outage, say). Each run is one transaction on
the worker's connection; a failed run is logged and tried again at its next turn.

Tasks come from the modules that own them (outage/, dr/); `gridops worker` registers them, so
notify/ knows nothing of outages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import psycopg


@dataclass(frozen=True)
class PeriodicTask:
    """A task the worker runs every every_s seconds; run returns how many things it did."""

    name: str
    every_s: float
    run: Callable[[psycopg.Connection, datetime], int]  # returns how many things it did


_REGISTERED: list[PeriodicTask] = []


def register(*tasks: PeriodicTask) -> None:
    """Add tasks for the worker to run; a task already registered by name is kept once."""
    for task in tasks:
        if all(task.name != known.name for known in _REGISTERED):
            _REGISTERED.append(task)


def registered() -> tuple[PeriodicTask, ...]:
    """The tasks registered so far, in order."""
    return tuple(_REGISTERED)
