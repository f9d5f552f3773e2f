"""The transformers layer colours each transformer by its peak loading of the last 24 hours."""

from __future__ import annotations

import json

from gis.vocabulary import POWER_FACTOR
from layers.catalog import LayerId, find_layer
from layers.query import BBox, fetch_layer


def test_a_transformer_over_capacity_at_noon_is_overloaded_though_quiet_at_night(db) -> None:
    """Issue 12 §4: colouring by the latest single reading (23:00) showed every transformer
    green while some had measured peaks over capacity every day. The layer's loading is the
    highest reading of the 24 hours up to the latest one; older readings do not count."""
    unit_id, capacity, lon, lat, latest = db.execute(
        "SELECT t.id, t.capacity_kva, ST_X(t.geom), ST_Y(t.geom), l.ts"
        " FROM transformer t JOIN transformer_latest_load l ON l.transformer_id = t.id"
        " ORDER BY t.id LIMIT 1"
    ).fetchone()
    over_kw = 1.2 * float(capacity) * POWER_FACTOR  # 120 % of the capacity
    db.execute(
        "UPDATE load_reading SET kw = 0.3 * %(cap)s * %(pf)s"
        " WHERE transformer_id = %(id)s AND ts > %(latest)s - interval '3 days'",
        {"cap": float(capacity), "pf": POWER_FACTOR, "id": unit_id, "latest": latest},
    )
    db.execute(
        "UPDATE load_reading SET kw = %(kw)s WHERE transformer_id = %(id)s"
        " AND ts IN (%(latest)s - interval '11 hours', %(latest)s - interval '30 hours')",
        {"kw": over_kw, "id": unit_id, "latest": latest},
    )
    db.execute(
        "UPDATE load_reading SET kw = %(kw)s WHERE transformer_id = %(id)s AND ts = %(latest)s",
        {"kw": 0.3 * float(capacity) * POWER_FACTOR, "id": unit_id, "latest": latest},
    )
    db.execute(
        "UPDATE transformer_latest_load SET kw = 0.3 * %s WHERE transformer_id = %s",
        (float(capacity) * POWER_FACTOR, unit_id),
    )
    layer = find_layer(LayerId.TRANSFORMERS)
    assert layer is not None
    view = BBox(lon - 0.0005, lat - 0.0005, lon + 0.0005, lat + 0.0005)
    features = json.loads(fetch_layer(db, layer, view, 18))["features"]
    props = next(f["properties"] for f in features if f["id"] == unit_id)
    assert props["peak_loading_pct"] == 120.0
    assert props["peak_kw"] == round(over_kw, 1)
    assert props["load_kw"] < 0.31 * float(capacity)  # the latest reading is quiet
    assert layer.style.color_by == "peak_loading_pct"


def test_the_older_peak_does_not_count(db) -> None:
    """A peak 30 hours before the latest reading is outside the last 24 hours."""
    unit_id, capacity, lon, lat, latest = db.execute(
        "SELECT t.id, t.capacity_kva, ST_X(t.geom), ST_Y(t.geom), l.ts"
        " FROM transformer t JOIN transformer_latest_load l ON l.transformer_id = t.id"
        " ORDER BY t.id LIMIT 1"
    ).fetchone()
    quiet = 0.3 * float(capacity) * POWER_FACTOR
    db.execute(
        "UPDATE load_reading SET kw = CASE WHEN ts = %(latest)s - interval '30 hours'"
        " THEN %(over)s ELSE %(quiet)s END"
        " WHERE transformer_id = %(id)s AND ts > %(latest)s - interval '3 days'",
        {"over": 2 * quiet * 4, "quiet": quiet, "id": unit_id, "latest": latest},
    )
    layer = find_layer(LayerId.TRANSFORMERS)
    assert layer is not None
    view = BBox(lon - 0.0005, lat - 0.0005, lon + 0.0005, lat + 0.0005)
    features = json.loads(fetch_layer(db, layer, view, 18))["features"]
    props = next(f["properties"] for f in features if f["id"] == unit_id)
    assert props["peak_loading_pct"] == 30.0
