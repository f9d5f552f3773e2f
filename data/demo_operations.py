"""`gridops demo prepare`: what happens on the demo grid, so that every page of the console
shows something real on its first visit — a forecast run (forecast pages, the forecast
layer), the demo DR program with a measured event (DR page), fault reports making a feeder
and a transformer incident with a crew dispatched to one (dispatch page, a crew link), a
published planned outage for tomorrow (planned outages, the public lookup) and the notices
all of them write (notices page); then one demo staff user per role (data/demo_users.py),
whose passwords it shows once, at the end. Each step runs once: what is already there is
kept."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
from psycopg.rows import dict_row

from gis.crs import InputCrs
from gis.sql_file import load_sql
from identity import audit
from identity.actor import Actor

Say = Callable[[str], None]


@dataclass(frozen=True)
class PageState:
    """What the demo's pages show, counted: forecast runs, the DR program, incidents and so on,
    and the demo's staff users (one per role when they are all there)."""

    forecast_runs: int
    dr_programs: int
    incidents: int
    planned_outages: int
    notices: int
    demo_users: int


def _sql(name: str) -> bytes:
    return load_sql("data", name).encode()


def page_state(conn: psycopg.Connection) -> PageState:
    """What the demo's pages already show, counted."""
    from data.demo_users import demo_usernames
    from dr.demo import DEMO_PROGRAM

    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            _sql("select_demo_page_state.sql"),
            {
                "dr_program": DEMO_PROGRAM,
                "demo_users": [name.lower() for name in demo_usernames()],
            },
        ).fetchone()
    assert row is not None  # an aggregate query always answers one row
    return PageState(**{key: int(value) for key, value in row.items()})


def prepare_forecast(url: str, say: Say, progress: bool, actor: Actor | None = None) -> None:
    """Fit the forecast model and forecast every transformer (the forecast pages and layer)."""
    from forecasting.models import ForecastSettings
    from forecasting.run import run_forecast
    from gis.database import connect

    say(
        "forecast: fitting the pooled model and forecasting every transformer (14 days hourly, "
        "12 months of daily peaks; about 30 s for the medium demo)"
    )
    with connect(url, autocommit=True) as conn:
        summary = run_forecast(conn, ForecastSettings(), progress=progress, actor=actor)
        say(f"forecast: {summary}")


def prepare_demand_response(url: str, say: Say, actor: Actor | None = None) -> None:
    """Enrol customers in the demo DR program and replay one measured event (the DR page)."""
    from dr.demo import run_demo
    from gis.database import connect

    say(
        "demand response: enrolling 20% of customers in the demo program and replaying one "
        "measured evening-peak event on the 10 most loaded transformers"
    )
    with connect(url) as conn, conn.transaction():
        outcome = run_demo(conn, actor=actor)
    say(
        f"demand response: program {outcome.program_id}, {outcome.enrolled:,} enrolled; event "
        f"{outcome.event_id}: {outcome.participants:,} participants, "
        f"{outcome.measurement.reduction_kwh:,.1f} kWh reduced"
    )


def prepare_incidents(url: str, say: Say, now: datetime, actor: Actor | None = None) -> None:
    """Fault reports opening a feeder and a transformer incident; a crew sent to the feeder's."""
    from gis.database import connect
    from outage import dispatch, fault_report
    from outage.models import ReportChannel

    say(
        "faults: customers report faults behind three transformers of one feeder and behind "
        "one transformer elsewhere; a crew is dispatched to the feeder incident"
    )
    with connect(url) as conn, conn.transaction():
        places = conn.execute(_sql("select_demo_fault_places.sql")).fetchall()
        incidents: dict[str, int] = {}
        for number, (_transformer, level, lon, lat) in enumerate(places, start=1):
            for repeat in range(2):  # two customers behind each transformer
                draft = fault_report.FaultReportDraft(
                    lon=float(lon),
                    lat=float(lat),
                    crs=InputCrs.WGS84,
                    channel=ReportChannel.APP,
                    contact=f"1380000{number:02d}{repeat:02d}",
                    description="no power (demo)",
                    reported_at=now - timedelta(minutes=20 - 3 * number - repeat),
                )
                answer = fault_report.submit(conn, draft, now).answer
                incident_id = answer.get("incident_id")
                if incident_id is not None:
                    incidents[level] = int(incident_id)
        feeder_incident = incidents.get("feeder")
        job_text = ""
        if feeder_incident is not None:
            job = dispatch.dispatch(conn, feeder_incident, now, assigned_by="demo")
            job_text = f"; crew job {job.id} at {job.crew_path}"
            if actor is not None:
                audit.record(
                    conn,
                    actor,
                    "incident.dispatch",
                    object_type="incident",
                    object_id=feeder_incident,
                    summary={"demo": True, "crew_job_id": job.id},
                )
    opened = ", ".join(f"{number} ({level})" for level, number in sorted(incidents.items()))
    say(f"faults: {len(places) * 2} reports, incidents {opened}{job_text}")


def prepare_planned_outage(
    url: str, say: Say, now: datetime, zone: ZoneInfo, actor: Actor | None = None
) -> None:
    """Publish a planned outage over four transformers tomorrow 09:00-13:00, with its notices."""
    from gis.database import connect
    from outage import planned_outage

    tomorrow = (now.astimezone(zone) + timedelta(days=1)).date()
    starts_at = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 9, tzinfo=zone)
    say(
        f"planned outage: publishing one for tomorrow {tomorrow} 09:00-13:00 over four "
        "transformers (one notice per affected customer)"
    )
    with connect(url) as conn, conn.transaction():
        transformer_ids = tuple(
            int(row[0]) for row in conn.execute(_sql("select_demo_outage_transformers.sql"))
        )
        draft = planned_outage.OutageDraft(
            title="Transformer maintenance (demo)",
            reason="Scheduled maintenance of 10/0.4 kV transformers",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=4),
            area=None,
            transformer_ids=transformer_ids,
        )
        created = planned_outage.create(conn, draft, now)
        published, counts = planned_outage.publish(conn, created.id, now)
        if actor is not None:
            audit.record(
                conn,
                actor,
                "planned_outage.publish",
                object_type="planned_outage",
                object_id=published.id,
                summary={
                    "demo": True,
                    "title": draft.title,
                    "starts_at": draft.starts_at,
                    "ends_at": draft.ends_at,
                    "transformers": len(transformer_ids),
                    "notices": counts.total,
                },
            )
    say(f"planned outage: {published.id} published, {counts.total:,} notices")


def prepare_pages(
    url: str,
    say: Say,
    timezone: str,
    progress: bool = True,
    actor: Actor | None = None,
    users_file: Path | None = None,
) -> PageState:
    """Run each step whose page is still empty, telling what it does; the state afterwards.
    With an actor, each step's change writes its audit row in the step's transaction (the
    forecast run, the DR event, the dispatch, the planned outage's publication; the demo's
    fault reports are customers', made through the public form's service, and have none).
    Last, the demo users missing are added (as the actor, the command line's without one,
    each with its audit row), their passwords written to users_file (demo_users.txt in the
    data folder by default) and shown once, at the very end."""
    from data import demo_users
    from gis.database import connect

    users_path = users_file if users_file is not None else demo_users.users_file()

    with connect(url) as conn:
        state = page_state(conn)
    now = datetime.now(UTC)
    steps: list[tuple[str, int, Callable[[], None]]] = [
        ("forecast run", state.forecast_runs, lambda: prepare_forecast(url, say, progress, actor)),
        ("DR program", state.dr_programs, lambda: prepare_demand_response(url, say, actor)),
        ("incidents", state.incidents, lambda: prepare_incidents(url, say, now, actor)),
        (
            "planned outages",
            state.planned_outages,
            lambda: prepare_planned_outage(url, say, now, ZoneInfo(timezone), actor),
        ),
    ]
    for name, present, step in steps:
        if present:
            say(f"{name}: {present} already there, kept")
            continue
        started = time.perf_counter()
        step()
        say(f"{name}: done in {time.perf_counter() - started:.1f} s")
    added: list[demo_users.DemoUser] = []
    if state.demo_users >= len(demo_users.demo_usernames()):
        demo_users.say_present(say, users_path, state.demo_users)
    else:
        started = time.perf_counter()
        added = demo_users.prepare_demo_users(url, say, users_path, actor)
        say(f"demo users: done in {time.perf_counter() - started:.1f} s")
    with connect(url) as conn:
        state = page_state(conn)
    say(f"notices: {state.notices:,} in the outbox (the worker delivers them)")
    if added:
        demo_users.say_passwords(say, users_path, added)
    return state
