"""Outages that are over, written straight into the database at chosen times, for the tests
of the outage history and the reliability indices (restoration itself is tested on its own)."""

from __future__ import annotations

from datetime import datetime, timedelta

import psycopg


def restored_incident(
    conn: psycopg.Connection,
    level: str,
    device_id: int,
    opened_at: datetime,
    minutes: float,
    customers: int | None = None,
) -> int:
    """A restored incident on a transformer, feeder or substation; its customers affected are
    the device's customers unless given."""
    transformer, feeder, substation, behind = conn.execute(
        "SELECT t.id, f.id, s.id, (SELECT count(*) FROM customer c "
        "  JOIN transformer ct ON ct.id = c.transformer_id JOIN feeder cf ON cf.id = ct.feeder_id "
        "  WHERE CASE %(level)s WHEN 'transformer' THEN ct.id = t.id "
        "             WHEN 'feeder' THEN cf.id = f.id ELSE cf.substation_id = s.id END) "
        "FROM transformer t JOIN feeder f ON f.id = t.feeder_id "
        "JOIN substation s ON s.id = f.substation_id "
        "WHERE CASE %(level)s WHEN 'transformer' THEN t.id = %(id)s "
        "           WHEN 'feeder' THEN f.id = %(id)s ELSE s.id = %(id)s END "
        "ORDER BY t.id LIMIT 1",
        {"level": level, "id": device_id},
    ).fetchone()
    count = behind if customers is None else customers
    restored_at = opened_at + timedelta(minutes=minutes)
    duration = round(minutes * 60)
    return int(
        conn.execute(
            "INSERT INTO incident (level, transformer_id, feeder_id, substation_id, status, rule, "
            "confidence, customers_affected, opened_at, last_report_at, restored_at, duration_s, "
            "customer_minutes) VALUES (%s, %s, %s, %s, 'restored', 'test: restored', 0.9, %s, "
            "%s, %s, %s, %s, %s) RETURNING id",
            (
                level,
                transformer if level == "transformer" else None,
                feeder if level in ("transformer", "feeder") else None,
                substation,
                count,
                opened_at,
                opened_at,
                restored_at,
                duration,
                round(count * duration / 60),
            ),
        ).fetchone()[0]
    )


def completed_planned_outage(
    conn: psycopg.Connection, transformer_id: int, starts_at: datetime, minutes: float
) -> int:
    """A completed planned outage of one transformer's supply area and customers."""
    return int(
        conn.execute(
            "INSERT INTO planned_outage (title, reason, starts_at, ends_at, status, geom, "
            "transformer_ids, customer_ids) SELECT 'Test work', 'replacing a switch', %s, %s, "
            "'completed', a.geom, ARRAY[a.transformer_id], "
            "ARRAY(SELECT id FROM customer WHERE transformer_id = a.transformer_id ORDER BY id) "
            "FROM supply_area a WHERE a.transformer_id = %s RETURNING id",
            (starts_at, starts_at + timedelta(minutes=minutes), transformer_id),
        ).fetchone()[0]
    )
