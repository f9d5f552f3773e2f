"""The benchmarks' rounds: ours and its peer take turns for at least three rounds, and each
figure is a median with its spread."""

from __future__ import annotations

import pytest

from bench.rounds import Spread, alternate, ratio


def test_contenders_alternate_and_the_order_turns_every_other_round() -> None:
    """'Every bench under bench/ alternates ours and its peer over at least three rounds'"""
    order: list[str] = []
    figures = iter(range(1, 100))

    def contender(name: str):
        def run() -> float:
            order.append(name)
            return float(next(figures))

        return run

    spreads = alternate({"ours": contender("ours"), "peer": contender("peer")}, rounds=3)
    assert order == ["ours", "peer", "peer", "ours", "ours", "peer"]
    assert spreads["ours"].values == (1.0, 4.0, 5.0)
    assert spreads["peer"].values == (2.0, 3.0, 6.0)
    assert ratio(spreads["peer"], spreads["ours"]).values == (2.0, 0.75, 1.2)


def test_a_figure_is_its_median_with_the_lowest_and_highest_round() -> None:
    assert Spread((3.0, 1.0, 2.0)).text(1, " s") == "2.0 s (1.0-3.0)"


def test_fewer_than_three_rounds_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        alternate({"ours": lambda: 1.0}, rounds=2)
