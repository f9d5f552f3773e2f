"""Planned outages against real PostGIS on the small demo, checked against shapely."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import shapely
from shapely.geometry import Point, box, mapping

from gis.geometry import GeometryRejectedError, parse_area
from outage import planned_outage as service
from outage.models import PlannedOutageStatus

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
CIRCLE_OF_10002_VERTICES = mapping(Point(104, 30).buffer(0.01, quad_segs=2501))


def _customers(db) -> list[tuple[int, float, float, str, int]]:
    return db.execute(
        "SELECT id, ST_X(geom), ST_Y(geom), customer_type, transformer_id FROM customer"
    ).fetchall()


def _centre_box(db, share: float = 0.3) -> shapely.Polygon:
    minx, miny, maxx, maxy = db.execute(
        "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
        "FROM (SELECT ST_Extent(geom)::geometry e FROM territory) t"
    ).fetchone()
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    dx, dy = (maxx - minx) * share / 2, (maxy - miny) * share / 2
    return box(cx - dx, cy - dy, cx + dx, cy + dy)


def _draft(area: shapely.Polygon, start_in_h: float = 24, hours: float = 4) -> service.OutageDraft:
    return service.OutageDraft(
        title="Cable replacement",
        reason="Replace 10 kV cable section",
        starts_at=NOW + timedelta(hours=start_in_h),
        ends_at=NOW + timedelta(hours=start_in_h + hours),
        area=parse_area(mapping(area)),
    )


def _notices(db, outage_id: int, revision: int) -> dict[str, set[int]]:
    rows = db.execute(
        "SELECT kind, recipient_id FROM notice WHERE event_ref = %s",
        (f"planned_outage:{outage_id}:r{revision}",),
    ).fetchall()
    found: dict[str, set[int]] = {}
    for kind, recipient in rows:
        found.setdefault(kind, set()).add(int(recipient))
    return found


def test_preview_counts_match_an_independent_shapely_count(db) -> None:
    """The preview counts customers whose point lies in the area, by type."""
    area = _centre_box(db)
    expected: dict[str, int] = {}
    for _, lon, lat, kind, _ in _customers(db):
        if area.intersects(Point(lon, lat)):
            expected[kind] = expected.get(kind, 0) + 1
    preview = service.preview(db, parse_area(mapping(area)))
    assert preview.customers == sum(expected.values()) > 0
    assert preview.customers_by_type == expected
    assert preview.transformers and preview.feeders
    assert shapely.geometry.shape(preview.supply_area_union).covers(area.buffer(-1e-6)) or (
        shapely.geometry.shape(preview.supply_area_union).intersects(area)
    )


def test_picked_transformers_affect_every_customer_behind_them(db) -> None:
    picked = [row[0] for row in db.execute("SELECT id FROM transformer ORDER BY id LIMIT 2")]
    behind = sum(1 for c in _customers(db) if c[4] in picked)
    preview = service.preview(db, None, tuple(picked))
    assert preview.customers == behind > 0
    assert len(preview.transformers) == 2


def test_publishing_writes_exactly_one_notice_per_affected_customer(db) -> None:
    area = _centre_box(db)
    inside = {c[0] for c in _customers(db) if area.intersects(Point(c[1], c[2]))}
    outage = service.create(db, _draft(area), NOW)
    assert outage.status is PlannedOutageStatus.DRAFT
    published, counts = service.publish(db, outage.id, NOW)
    assert published.status is PlannedOutageStatus.PUBLISHED
    assert published.customers_affected == len(inside)
    assert _notices(db, outage.id, 1) == {"outage_notice": inside}
    assert counts.by_kind == {"outage_notice": len(inside)}
    with pytest.raises(service.OutageConflictError):
        service.publish(db, outage.id, NOW)
    assert _notices(db, outage.id, 1) == {"outage_notice": inside}  # never two


def test_moving_the_area_updates_the_kept_and_cancels_the_dropped(db) -> None:
    first = _centre_box(db)
    moved = shapely.affinity.translate(first, xoff=(first.bounds[2] - first.bounds[0]) / 2)
    people = _customers(db)
    before = {c[0] for c in people if first.intersects(Point(c[1], c[2]))}
    after = {c[0] for c in people if moved.intersects(Point(c[1], c[2]))}
    outage = service.create(db, _draft(first), NOW)
    service.publish(db, outage.id, NOW)
    changed, _ = service.update(
        db, outage.id, service.OutageChanges(area=parse_area(mapping(moved))), NOW
    )
    assert changed.revision == 2
    notices = _notices(db, outage.id, 2)
    assert notices.get("outage_update", set()) == before & after
    assert notices.get("outage_cancelled", set()) == before - after
    assert notices.get("outage_notice", set()) == after - before
    assert before - after and after - before  # the test moves far enough to matter


def test_a_new_window_updates_everyone_and_cancelling_cancels_everyone(db) -> None:
    area = _centre_box(db, 0.2)
    outage = service.create(db, _draft(area), NOW)
    _, counts = service.publish(db, outage.id, NOW)
    affected = counts.by_kind["outage_notice"]
    later = service.OutageChanges(
        starts_at=NOW + timedelta(days=2), ends_at=NOW + timedelta(days=2, hours=3)
    )
    changed, counts = service.update(db, outage.id, later, NOW)
    assert counts.by_kind == {"outage_update": affected} and changed.revision == 2
    cancelled, counts = service.update(
        db, outage.id, service.OutageChanges(status=PlannedOutageStatus.CANCELLED), NOW
    )
    assert cancelled.status is PlannedOutageStatus.CANCELLED
    assert counts.by_kind == {"outage_cancelled": affected}
    with pytest.raises(service.OutageConflictError):
        service.update(db, outage.id, service.OutageChanges(title="again"), NOW)


def test_lookup_inside_outside_on_the_border_and_across_the_window(db) -> None:
    area = _centre_box(db, 0.2)
    outage = service.create(db, _draft(area, start_in_h=2, hours=3), NOW)
    service.publish(db, outage.id, NOW)
    cx, cy = area.centroid.x, area.centroid.y
    minx, _, maxx, _ = area.bounds

    def ids(lon: float, lat: float, at: datetime) -> list[int]:
        return [row["id"] for row in service.lookup_at_point(db, lon, lat, at)]

    assert ids(cx, cy, NOW) == [outage.id]  # before the window, within the 7-day horizon
    assert ids(cx, cy, NOW + timedelta(hours=3)) == [outage.id]  # during
    assert ids(cx, cy, NOW + timedelta(hours=6)) == []  # after
    assert ids(cx, cy, NOW - timedelta(days=8)) == []  # beyond the horizon
    assert ids(minx, cy, NOW) == [outage.id]  # on the border
    assert ids(maxx + 0.01, cy, NOW) == []  # outside


def test_lookup_by_account_finds_the_outage_of_an_affected_customer(db) -> None:
    area = _centre_box(db, 0.2)
    outage = service.create(db, _draft(area), NOW)
    service.publish(db, outage.id, NOW)
    inside = next(c for c in _customers(db) if area.contains(Point(c[1], c[2])))
    account = db.execute("SELECT account_no FROM customer WHERE id = %s", (inside[0],)).fetchone()
    assert [r["id"] for r in service.lookup_for_account(db, account[0], NOW)] == [outage.id]
    assert service.lookup_for_account(db, "no-such-account", NOW) == []


def test_drafts_are_not_announced(db) -> None:
    area = _centre_box(db, 0.2)
    service.create(db, _draft(area), NOW)
    assert service.lookup_at_point(db, area.centroid.x, area.centroid.y, NOW) == []


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ({"type": "Point", "coordinates": [104, 30]}, "Polygon or MultiPolygon"),
        ({"type": "Polygon", "coordinates": []}, "empty"),
        (
            {"type": "Polygon", "coordinates": [[[104, 30], [104.1, 30], [104.2, 30], [104, 30]]]},
            "degenerate",
        ),
        ({"type": "Polygon", "coordinates": [[[104, 30], [104.1, 30]]]}, "malformed"),
        (
            {"type": "Polygon", "coordinates": [[[400, 30], [401, 30], [401, 31], [400, 30]]]},
            "WGS-84",
        ),
        (CIRCLE_OF_10002_VERTICES, "too many vertices"),
        ("not geojson", "GeoJSON object"),
    ],
)
def test_unusable_geometry_is_refused_with_the_reason(geometry, message) -> None:
    with pytest.raises(GeometryRejectedError, match=message):
        parse_area(geometry)


def test_a_self_intersecting_polygon_is_repaired_and_the_repair_is_shown(db) -> None:
    area = _centre_box(db, 0.2)
    (x0, y0, x1, y1) = area.bounds
    bow_tie = {
        "type": "Polygon",
        "coordinates": [[[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]]],
    }
    preview = service.preview(db, parse_area(bow_tie))
    assert preview.repair.startswith("repaired: Self-intersection")


def test_an_area_outside_the_territory_is_refused(db) -> None:
    far = parse_area(mapping(box(10, 50, 10.01, 50.01)))
    with pytest.raises(service.OutageRejectedError, match="outside the service territory"):
        service.preview(db, far)


def test_windows_that_end_before_they_start_or_in_the_past_are_refused(db) -> None:
    area = _centre_box(db, 0.2)
    backwards = _draft(area)
    backwards = service.OutageDraft(**{**backwards.__dict__, "ends_at": backwards.starts_at})
    with pytest.raises(service.OutageRejectedError, match="end must come after"):
        service.create(db, backwards, NOW)
    with pytest.raises(service.OutageRejectedError, match="in the past"):
        service.create(db, _draft(area, start_in_h=-10, hours=2), NOW)


def test_saving_a_draft_keeps_it_a_draft_and_lists_it_first(db) -> None:
    """save (the console's Save): the outage is created, nobody is told, the list shows it."""
    saved = service.save(db, _draft(_centre_box(db)), NOW, listed=3)
    assert saved.outage.status is PlannedOutageStatus.DRAFT and saved.notices is None
    assert saved.outages[0].id == saved.outage.id and len(saved.outages) <= 3
    assert _notices(db, saved.outage.id, 1) == {}


def test_saving_and_publishing_tells_everyone_affected_once(db) -> None:
    """save with publishing (the console's Publish): created and announced in one call."""
    area = _centre_box(db)
    inside = {c[0] for c in _customers(db) if area.intersects(Point(c[1], c[2]))}
    saved = service.save(db, _draft(area), NOW, publishing=True)
    assert saved.outage.status is PlannedOutageStatus.PUBLISHED
    assert saved.notices is not None and saved.notices.by_kind == {"outage_notice": len(inside)}
    assert _notices(db, saved.outage.id, 1) == {"outage_notice": inside}
    listed = {outage.id: outage for outage in saved.outages}
    assert listed[saved.outage.id].status is PlannedOutageStatus.PUBLISHED


def test_saving_a_bad_window_creates_nothing(db) -> None:
    before = len(service.list_outages(db))
    with pytest.raises(service.OutageRejectedError):
        service.save(db, _draft(_centre_box(db), hours=-1), NOW, publishing=True)
    assert len(service.list_outages(db)) == before
