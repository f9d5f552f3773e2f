"""Rounds that alternate ours and its peer, and the median and spread of what they measured.

A figure from one back-to-back run on a shared machine says as much about the machine's other
work at that moment as about the code (batch location measured 2.4x sjoin once and 1.6-1.8x
over several alternating rounds). So every benchmark runs each contender once per round, the
order reversed every other round, for at least three rounds, and reports each figure as its
median with the lowest and highest round, and each ratio from the figures of one round.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

MIN_ROUNDS = 3


@dataclass(frozen=True)
class Spread:
    """One figure over the rounds."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        """The median over the rounds."""
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        """The lowest round's figure."""
        return min(self.values)

    @property
    def high(self) -> float:
        """The highest round's figure."""
        return max(self.values)

    def text(self, digits: int = 2, unit: str = "") -> str:
        """'1.23 s (1.10-1.40)': the median, then the lowest and highest round."""
        return f"{self.median:,.{digits}f}{unit} ({self.low:,.{digits}f}-{self.high:,.{digits}f})"


def ratio(numerator: Spread, denominator: Spread) -> Spread:
    """Per round: numerator / denominator of the same round."""
    return Spread(tuple(a / b for a, b in zip(numerator.values, denominator.values, strict=True)))


def alternate(
    contenders: Mapping[str, Callable[[], float]],
    rounds: int = MIN_ROUNDS,
    between: Callable[[], object] | None = None,
) -> dict[str, Spread]:
    """Run every contender once per round (forward in even rounds, backward in odd ones), each
    answering its figure; `between` runs after each contender (a clean-up)."""
    if rounds < MIN_ROUNDS:
        raise ValueError(f"at least {MIN_ROUNDS} rounds, not {rounds}")
    names = list(contenders)
    figures: dict[str, list[float]] = {name: [] for name in names}
    for number in range(rounds):
        for name in names if number % 2 == 0 else reversed(names):
            figures[name].append(contenders[name]())
            if between is not None:
                between()
    return {name: Spread(tuple(values)) for name, values in figures.items()}


def check_rounds(rounds: str) -> int:
    """An argparse type: a round count of at least MIN_ROUNDS."""
    value = int(rounds)
    if value < MIN_ROUNDS:
        raise ValueError(f"at least {MIN_ROUNDS} rounds")
    return value


def median_ms(run: Callable[[], object], samples: int) -> float:
    """The median milliseconds of `samples` calls of `run` (one contender's figure in a round)."""
    seconds = []
    for _ in range(samples):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds) * 1000
