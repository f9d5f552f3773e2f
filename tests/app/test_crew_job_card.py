"""The crew page's pieces, without a browser."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from app.console.components.crew_job_card import (
    build_job_card,
    build_job_layers,
    build_timeline,
    customers_without_power,
    step_disabled,
)
from app.console.i18n import Language
from outage.models import CrewJob, IncidentLevel, IncidentStatus, JobEvent, JobStatus

NOW = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
SQUARE = [[[120.0, 30.0], [120.01, 30.0], [120.01, 30.01], [120.0, 30.0]]]
JOB = CrewJob(
    id=7,
    incident_id=3,
    crew_id=1,
    crew_code="CR001",
    crew_name="Crew 1",
    status=JobStatus.ACCEPTED,
    crew_token="t" * 32,
    created_at=NOW,
    updated_at=NOW,
    level=IncidentLevel.TRANSFORMER,
    incident_status=IncidentStatus.DISPATCHED,
    device="TR00001",
    customers_affected=12,
    lon=120.005,
    lat=30.005,
    area={"type": "MultiPolygon", "coordinates": [SQUARE, SQUARE]},
    crew_lon=None,
    crew_lat=None,
    estimated_restoration_at=NOW,
    opened_at=NOW,
    restored_at=None,
    timeline=[JobEvent(JobStatus.ASSIGNED, "", None, None, NOW)],
)


def test_only_the_next_step_is_enabled() -> None:
    assert step_disabled(JOB) == [True, False, True, True]
    assert step_disabled(replace(JOB, status=JobStatus.RESTORED)) == [True] * 4
    assert step_disabled(None) == [True] * 4


def test_the_map_shows_area_device_and_the_phones_position() -> None:
    layers = build_job_layers(JOB, {"lon": 120.0, "lat": 30.0})
    assert [layer.className for layer in layers] == [
        "gridops-crew-area",
        "gridops-crew-area",
        "gridops-crew-device",
        "gridops-crew-position",
    ]
    assert layers[0].positions[0][1] == [30.0, 120.01]  # [lat, lon]
    assert len(build_job_layers(JOB, {"error": "refused"})) == 3  # no position known


def test_the_card_speaks_chinese() -> None:
    card = str(build_job_card(JOB, Language.ZH_CN, "Asia/Shanghai"))
    assert "工单 7" in card and "已接单" in card and "2026-05-01 16:00" in card
    assert "已派单" in str(build_timeline(JOB, Language.ZH_CN, "Asia/Shanghai"))
    assert "No job" in str(build_job_card(None, Language.EN, "Asia/Shanghai"))


def test_the_card_gives_the_place_and_a_navigation_link() -> None:
    card = str(build_job_card(JOB, Language.EN, "Asia/Shanghai"))
    assert f"{JOB.lat:.5f}, {JOB.lon:.5f}" in card
    assert f"geo:{JOB.lat:.6f},{JOB.lon:.6f}" in card
    assert "Navigate there" in card


def test_no_customer_is_without_power_once_restored() -> None:
    assert customers_without_power(JOB) == JOB.customers_affected > 0
    assert customers_without_power(replace(JOB, status=JobStatus.RESTORED)) == 0
