"""A storm into one incident: does a report cost more when its incident is large? (issue 12 §9)

--reports fault reports (20,000) from the customers of one feeder of the small demo, all within
the incident window, one after the other on one connection, each through the intake service
(outage.fault_report.receive: located, inferred, its contact filed and its fault_received
notice written, committed). The first three come from three transformers and escalate to the
feeder; every later one joins that feeder incident, which ends with all of them. Each report is
timed; the medians of the first and the last 1,000 are printed, and their ratio.
Target: the last 1,000 within 1.2x of the first 1,000.

Two sides, alternating (--rounds of each, before then now), on the same database:
- before: the functions of migration 050 as it landed (the incident's evidence a jsonb list of
  every report id, rewritten with each report), installed in a schema of their own, bench_050,
  first on that connection's search_path;
- now: the functions of outage/sql/functions/, which `gridops db upgrade` applies.
What a side wrote is deleted, and the tables vacuumed, before the next.
The database holds a history first (made once: 100,000 reports of days before, 2,000 restored
incidents), as a utility's does: on empty tables the planner's plans, cached for the session,
read whole tables that grow during the storm (the shared server here runs without
autovacuum), and the benchmark would measure that instead.

The small demo goes into its own database, gridops_bench_storm, on the configured server
(GRIDOPS_DATABASE_URL or the embedded cluster); it is loaded once and reused.
Run: .venv/bin/python -m bench.incident_storm [--reports 20000] [--rounds 1] [--side both]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime
from importlib import resources

import psycopg

from bench.demo_database import demo_database_url, vacuum
from data.demo_network import DemoSize
from gis.crs import InputCrs
from gis.database import connect
from outage import fault_report
from outage.models import ReportChannel
from outage.settings import OutageSettings

BENCH_DATABASE = "gridops_bench_storm"  # the small demo, for this benchmark alone
BEFORE_SCHEMA = "bench_050"
DESCRIPTION = "storm (gridops benchmark)"  # marks the benchmark's reports for the clean-up
EDGE = 1_000  # reports at each end whose medians are compared
HISTORY = "history (gridops benchmark)"
HISTORY_REPORTS, HISTORY_INCIDENTS = 100_000, 2_000


def ensure_history(conn: psycopg.Connection) -> None:
    """Reports and restored incidents of days before the storm, made once (marked HISTORY)."""
    made = conn.execute(
        "SELECT count(*) FROM fault_report WHERE description = %s", (HISTORY,)
    ).fetchone()
    if made and made[0] >= HISTORY_REPORTS:
        return
    with conn.transaction():
        conn.execute(
            "INSERT INTO incident (level, transformer_id, feeder_id, substation_id, status, rule, "
            "confidence, customers_affected, opened_at, last_report_at, restored_at) "
            "SELECT 'transformer', t.id, t.feeder_id, f.substation_id, 'restored', %s, 0.5, 0, "
            "now() - (g + 48) * interval '1 hour', now() - (g + 48) * interval '1 hour', "
            "now() - (g + 47) * interval '1 hour' "
            "FROM generate_series(1, %s) AS g "
            "JOIN transformer AS t ON t.id = 1 + g %% (SELECT count(*) FROM transformer) "
            "JOIN feeder AS f ON f.id = t.feeder_id",
            (HISTORY, HISTORY_INCIDENTS),
        )
        conn.execute(
            "INSERT INTO fault_report (public_token, channel, input_crs, input_lon, input_lat, "
            "geom, description, reported_at, transformer_id, feeder_id, substation_id, "
            "location_method, incident_id, status) "
            "SELECT md5(g::text || random()::text), 'app', 'WGS84', ST_X(t.geom), ST_Y(t.geom), "
            "t.geom, %s, i.opened_at, t.id, t.feeder_id, i.substation_id, 'within', i.id, "
            "'restored' "
            "FROM generate_series(1, %s) AS g "
            "JOIN incident AS i ON i.id = (SELECT min(id) FROM incident WHERE rule = %s) "
            "     + g %% %s "
            "JOIN transformer AS t ON t.id = i.transformer_id",
            (HISTORY, HISTORY_REPORTS, HISTORY, HISTORY_INCIDENTS),
        )
        conn.execute(
            "INSERT INTO fault_report_contact (fault_report_id, contact, channel, address) "
            "SELECT r.id, 'history@example.com', 'file', 'history@example.com' "
            "FROM fault_report AS r WHERE r.description = %s",
            (HISTORY,),
        )
    conn.execute("ANALYZE incident")
    conn.execute("ANALYZE fault_report")
    conn.execute("ANALYZE fault_report_contact")


def install_before(conn: psycopg.Connection) -> None:
    """Migration 050's text, as it landed, in schema bench_050 (made afresh)."""
    text = (resources.files("gis") / "migrations" / "050_outage_infer_function.sql").read_text()
    with conn.transaction():
        conn.execute(f"DROP SCHEMA IF EXISTS {BEFORE_SCHEMA} CASCADE")
        conn.execute(f"CREATE SCHEMA {BEFORE_SCHEMA}")
        conn.execute(f"SET LOCAL search_path = {BEFORE_SCHEMA}, public")
        conn.execute(text.encode())


def feeder_points(conn: psycopg.Connection) -> list[tuple[float, float]]:
    """The customers of the feeder with the most transformers (lowest id first), in an order
    that takes each of its transformers in turn."""
    feeder_id = conn.execute(
        "SELECT feeder_id FROM transformer GROUP BY feeder_id "
        "ORDER BY count(*) DESC, feeder_id LIMIT 1"
    ).fetchone()[0]  # type: ignore[index]
    rows = conn.execute(
        "SELECT ST_X(c.geom), ST_Y(c.geom) FROM customer AS c "
        "JOIN transformer AS t ON t.id = c.transformer_id "
        "JOIN supply_area AS a ON a.transformer_id = t.id AND ST_Covers(a.geom, c.geom) "
        "WHERE t.feeder_id = %s "
        "ORDER BY row_number() OVER (PARTITION BY t.id ORDER BY c.id), t.id",
        (feeder_id,),
    ).fetchall()
    return [(float(x), float(y)) for x, y in rows]


def storm(url: str, side: str, reports: int, points: list[tuple[float, float]]) -> list[float]:
    """Seconds each report took, in order; the incident they all ended in is checked."""
    settings = OutageSettings(incident_window_min=24 * 60)
    seconds: list[float] = []
    incidents: set[int] = set()
    with connect(url) as conn:
        if side == "before":
            conn.execute(f"SET search_path = {BEFORE_SCHEMA}, public")
            conn.commit()
        for n in range(reports):
            lon, lat = points[n % len(points)]
            draft = fault_report.FaultReportDraft(
                lon=lon,
                lat=lat,
                channel=ReportChannel.APP,
                contact=f"storm{n}@example.com",
                crs=InputCrs.WGS84,
                description=DESCRIPTION,
            )
            started = time.perf_counter()
            answer = fault_report.receive(conn, draft, datetime.now(UTC), settings).answer
            seconds.append(time.perf_counter() - started)
            if n >= 3:
                incidents.add(answer["incident_id"])
            if (n + 1) % 5_000 == 0:
                print(
                    f"  {side}: {n + 1:,} reports, the last 1,000 "
                    f"{statistics.median(seconds[-1000:]) * 1e3:.2f} ms (median)",
                    flush=True,
                )
        count = conn.execute(
            "SELECT count(*) FROM fault_report WHERE incident_id = ANY(%s)", (list(incidents),)
        ).fetchone()[0]  # type: ignore[index]
    if len(incidents) != 1 or count != reports:
        raise RuntimeError(f"{side}: reports ended in {incidents} ({count} reports)")
    return seconds


def clean(url: str) -> int:
    """Delete the benchmark's reports (contacts cascade), their notices and incidents."""
    with connect(url) as conn:
        reports = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM fault_report WHERE description = %s", (DESCRIPTION,)
            )
        ]
        incidents = [
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT incident_id FROM fault_report WHERE id = ANY(%s) "
                "UNION SELECT id FROM incident WHERE absorbed_into IN "
                "(SELECT incident_id FROM fault_report WHERE id = ANY(%s))",
                (reports, reports),
            )
            if row[0] is not None
        ]
        conn.execute(
            "DELETE FROM notice WHERE recipient_type = 'reporter' AND recipient_id = ANY(%s)",
            (reports,),
        )
        conn.execute("DELETE FROM fault_report WHERE id = ANY(%s)", (reports,))
        conn.execute("UPDATE incident SET absorbed_into = NULL WHERE id = ANY(%s)", (incidents,))
        conn.execute("DELETE FROM incident WHERE id = ANY(%s)", (incidents,))
        conn.commit()
    vacuum(url, "fault_report", "fault_report_contact", "incident", "incident_event", "notice")
    return len(reports)


def main() -> None:
    """Time --reports fault reports into one incident, migration 050's functions against today's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--side", choices=("both", "before", "now"), default="both")
    args = parser.parse_args()
    url = demo_database_url(DemoSize.SMALL, BENCH_DATABASE)
    with connect(url, autocommit=True) as conn:
        install_before(conn)
        ensure_history(conn)
        points = feeder_points(conn)
    clean(url)
    sides = ("before", "now") if args.side == "both" else (args.side,)
    edge = min(EDGE, args.reports // 2)
    results: dict[str, list[tuple[float, float]]] = {side: [] for side in sides}
    for _ in range(args.rounds):
        for side in sides:
            seconds = storm(url, side, args.reports, points)
            first, last = statistics.median(seconds[:edge]), statistics.median(seconds[-edge:])
            results[side].append((first, last))
            print(
                f"{side}: first {edge:,} {first * 1e3:.2f} ms, last {edge:,} "
                f"{last * 1e3:.2f} ms, ratio {last / first:.2f}x, "
                f"all {sum(seconds):.1f} s",
                flush=True,
            )
            clean(url)
    print(
        f"\n{args.reports:,} reports into one feeder incident, medians of the first and the "
        f"last {edge:,} (target: the last within 1.2x of the first)"
    )
    print(f"{'side':<8}{'first ms':>10}{'last ms':>10}{'ratio':>8}")
    for side, runs in results.items():
        first = statistics.median(f for f, _ in runs)
        last = statistics.median(la for _, la in runs)
        print(f"{side:<8}{first * 1e3:>10.2f}{last * 1e3:>10.2f}{last / first:>7.2f}x")


if __name__ == "__main__":
    main()
