"""pandapower import time per network, median of --repeat runs (default 3).

Per network: pandapower building its own network object (networks.<name>(), the peer: every
import pays it), build_network (that plus topology, supply areas, customers; the hourly load
is generated while it is written), and the whole `gridops import pandapower` (migrations,
build, write with a year of hourly load, analyse). The small demo load runs in the same
process as a second peer.
Run: .venv/bin/python -m bench.pandapower_import [--repeat 3] [--network mv_oberrhein ...]
(into GRIDOPS_DATABASE_URL or the embedded cluster; the grid tables are replaced).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from data.demo_load import load_demo
from data.demo_network import DemoSize
from data.pandapower_import import NETWORKS, build_network, import_network, load_pandapower

T = TypeVar("T")


def _median_seconds(action: Callable[[], T], repeat: int) -> tuple[float, T]:
    """The median wall time of `repeat` runs (at least one), and the last run's result."""
    times = []
    for _ in range(max(repeat, 1)):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    """Time pandapower's own build, build_network and the whole import per network; print it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--network", choices=list(NETWORKS), action="append")
    args = parser.parse_args()
    header = (
        f"{'network':<18}{'transformers':>13}{'customers':>10}{'load rows':>12}"
        f"{'pandapower s':>14}{'build s':>9}{'import s':>10}{'rows/s':>12}"
    )
    started = time.perf_counter()
    load_pandapower("lv_schutterwald")  # the first call imports pandapower: not in the medians
    print(f"first call (imports pandapower): {time.perf_counter() - started:.2f} s")
    print(f"median of {args.repeat} runs")
    print(header)
    print("-" * len(header))
    for name in args.network or list(NETWORKS):
        peer, _ = _median_seconds(partial(load_pandapower, name), args.repeat)
        build, network = _median_seconds(partial(build_network, name), args.repeat)
        total, _ = _median_seconds(partial(import_network, name, progress=False), args.repeat)
        counts = network.counts()
        rows = counts["load_reading"]
        print(
            f"{name:<18}{counts['transformer']:>13,}{counts['customer']:>10,}{rows:>12,}"
            f"{peer:>14.2f}{build:>9.2f}{total:>10.2f}{rows / total:>12,.0f}"
        )
    demo, summary = _median_seconds(partial(load_demo, DemoSize.SMALL, progress=False), args.repeat)
    print(f"peer: demo small load {demo:.2f} s ({summary})")


if __name__ == "__main__":
    main()
