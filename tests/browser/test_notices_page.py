"""The notices page in headless Chromium: counts per status as the database has them, filters,
retrying dead letters, and the delivery summary a planned outage embeds; never a contact
detail on screen."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from playwright.sync_api import Page, expect
from shapely.geometry import box, mapping

from gis.geometry import parse_area
from gis.vocabulary import Language
from notify.contact import remove_contact, set_contact
from notify.models import Channel, NoticeDraft, NoticeKind, NoticeStatus, RecipientType
from notify.outbox import enqueue, enqueue_for_customers
from outage import planned_outage as service

EMAIL = "private.person@example.test"
WEBHOOK = "https://hooks.example.test/private-token"
CUSTOMER = RecipientType.CUSTOMER


@dataclass(frozen=True)
class Seeded:
    prefix: str
    dead_ids: list[int]


def _counts(conn: psycopg.Connection, prefix: str | None = None) -> dict[str, int]:
    rows = conn.execute(
        "SELECT status, count(*) FROM notice WHERE %(p)s::text IS NULL OR event_ref LIKE %(p)s "
        "GROUP BY status",
        {"p": f"{prefix}%" if prefix else None},
    ).fetchall()
    return {status.value: 0 for status in NoticeStatus} | dict(rows)


@pytest.fixture()
def seeded(demo_db_url: str) -> Iterator[Seeded]:
    """Notices of two events under a prefix of this test's own (8 customers and a crew): 3 sent,
    2 dead with an error that names an address, 4 pending; two customers with contacts."""
    prefix = f"notices_page_{uuid.uuid4().hex[:8]}:"
    with psycopg.connect(demo_db_url) as conn:
        customers = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM customer c WHERE NOT EXISTS (SELECT 1 FROM customer_contact cc "
                "WHERE cc.customer_id = c.id) ORDER BY id LIMIT 8"
            )
        ]
        set_contact(conn, CUSTOMER, customers[0], Channel.EMAIL, EMAIL)
        set_contact(conn, CUSTOMER, customers[1], Channel.WEBHOOK, WEBHOOK)
        enqueue_for_customers(conn, NoticeKind.OUTAGE_NOTICE, prefix + "a", customers, {})
        crew_notice = NoticeDraft(
            NoticeKind.JOB_ASSIGNED, RecipientType.CREW, 1, Channel.MQTT, Language.EN, prefix + "b"
        )
        enqueue(conn, [crew_notice])
        conn.execute(
            "UPDATE notice SET status = 'sent', sent_at = now(), attempts = 1 "
            "WHERE event_ref = %s AND recipient_id = ANY (%s)",
            (prefix + "a", customers[:3]),
        )
        dead_ids = [
            row[0]
            for row in conn.execute(
                "UPDATE notice SET status = 'dead', attempts = max_attempts, last_error = %s "
                "WHERE event_ref = %s AND recipient_id = ANY (%s) RETURNING id",
                (f"550 mailbox {EMAIL} unavailable", prefix + "a", customers[3:5]),
            )
        ]
    yield Seeded(prefix=prefix, dead_ids=sorted(dead_ids))
    with psycopg.connect(demo_db_url) as conn:
        conn.execute("DELETE FROM notice WHERE event_ref LIKE %s", (prefix + "%",))
        remove_contact(conn, CUSTOMER, customers[0], Channel.EMAIL)
        remove_contact(conn, CUSTOMER, customers[1], Channel.WEBHOOK)


def _expect_cards(page: Page, counts: dict[str, int]) -> None:
    for status, count in counts.items():
        expect(page.locator(f"#notice-count-{status}")).to_have_text(f"{count:,}")
    expect(page.locator("#notice-count-total")).to_have_text(f"{sum(counts.values()):,}")


def _assert_no_contact_details(page: Page) -> None:
    shown = page.content()
    assert EMAIL not in shown
    assert WEBHOOK not in shown
    assert "hooks.example.test" not in shown


def test_the_counts_per_status_are_the_databases(
    page: Page, console_url: str, demo_db_url: str, seeded: Seeded
) -> None:
    """'counts per status': every status has its card, and each says what the database says."""
    with psycopg.connect(demo_db_url) as conn:
        everything = _counts(conn)
        ours = _counts(conn, seeded.prefix)
    assert ours == {"pending": 4, "delivering": 0, "retrying": 0, "sent": 3, "dead": 2}
    page.goto(f"{console_url}/notices")
    _expect_cards(page, everything)

    page.locator("#notice-event").fill(seeded.prefix)
    page.locator("#notice-event").press("Enter")
    _expect_cards(page, ours)
    expect(page.locator("tr.notice-row")).to_have_count(9)
    expect(page.locator("tr.notice-event-row")).to_have_count(2)
    summary = page.locator(f'tr.notice-event-row[data-event-ref="{seeded.prefix}a"]')
    expect(summary.locator(".gridops-delivery-sent")).to_have_text("3 sent")
    expect(summary.locator(".gridops-delivery-pending")).to_have_text("3 pending")
    expect(summary.locator(".gridops-delivery-dead")).to_have_text("2 dead")
    _assert_no_contact_details(page)


def test_retrying_a_dead_letter_makes_it_pending(
    page: Page, console_url: str, demo_db_url: str, seeded: Seeded
) -> None:
    """'retry a dead letter': filtered to dead, Retry on one puts it back to pending with fresh
    attempts (the database agrees); 'retry all dead shown' does the rest."""
    page.goto(f"{console_url}/notices?event={seeded.prefix}")
    page.locator("#notice-statuses").get_by_label("dead").check()
    rows = page.locator("tr.notice-row")
    expect(rows).to_have_count(2)
    expect(rows.locator(".notice-status")).to_have_text(["dead", "dead"])
    expect(rows.first).to_contain_text("550 mailbox <address> unavailable")  # the address masked
    _assert_no_contact_details(page)

    first = int(rows.first.get_attribute("data-notice-id") or 0)
    assert first in seeded.dead_ids
    rows.first.get_by_role("button", name="Retry").click()
    expect(page.locator("#notice-retried")).to_have_text("Dead letters back to pending: 1")
    expect(rows).to_have_count(1)
    expect(page.locator("#notice-count-pending")).to_have_text("5")
    expect(page.locator("#notice-count-dead")).to_have_text("1")
    with psycopg.connect(demo_db_url) as conn:
        assert conn.execute(
            "SELECT status, attempts FROM notice WHERE id = %s", (first,)
        ).fetchone() == (
            "pending",
            0,
        )

    page.locator("#notice-statuses").get_by_label("dead").uncheck()
    retried = page.locator(f'tr.notice-row[data-notice-id="{first}"] .notice-status')
    expect(retried).to_have_text("pending")

    page.locator("#notice-statuses").get_by_label("dead").check()
    expect(rows).to_have_count(1)
    page.locator("#notice-retry-shown").click()
    expect(page.locator("#notice-count-dead")).to_have_text("0")
    expect(page.locator("#notice-table")).to_contain_text("No notice matches.")
    with psycopg.connect(demo_db_url) as conn:
        assert _counts(conn, seeded.prefix) == {
            "pending": 6,
            "delivering": 0,
            "retrying": 0,
            "sent": 3,
            "dead": 0,
        }


def test_kind_and_date_filters_narrow_the_list(
    page: Page, console_url: str, seeded: Seeded
) -> None:
    """'filter by kind ... and time': a kind keeps its notices; a range of days before today
    keeps none of today's."""
    page.goto(f"{console_url}/notices?event={seeded.prefix}")
    rows = page.locator("tr.notice-row")
    expect(rows).to_have_count(9)
    page.locator("#notice-kinds").get_by_label("Job assigned").check()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("crew 1")
    page.locator("#notice-kinds").get_by_label("Job assigned").uncheck()
    expect(rows).to_have_count(9)

    long_ago = (datetime.now(UTC) - timedelta(days=30)).strftime("%Y-%m-%d")
    page.locator("#notice-created-from").fill(long_ago)
    page.locator("#notice-created-from").press("Enter")
    page.locator("#notice-created-to").fill(long_ago)
    page.locator("#notice-created-to").press("Enter")
    expect(page.locator("#notice-table")).to_contain_text("No notice matches.")
    expect(page.locator("#notice-count-total")).to_have_text("0")


@pytest.fixture()
def published_outage(demo_db_url: str) -> Iterator[int]:
    """A published outage over the middle of the territory (removed with its notices after)."""
    now = datetime.now(UTC)
    with psycopg.connect(demo_db_url) as conn:
        minx, miny, maxx, maxy = conn.execute(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
            "FROM (SELECT ST_Extent(geom)::geometry e FROM territory) t"
        ).fetchone()
        cx, cy, dx, dy = (minx + maxx) / 2, (miny + maxy) / 2, (maxx - minx) / 8, (maxy - miny) / 8
        draft = service.OutageDraft(
            title="Notices page outage",
            reason="Replace a pole-mounted transformer",
            starts_at=now + timedelta(days=2),
            ends_at=now + timedelta(days=2, hours=3),
            area=parse_area(mapping(box(cx - dx, cy - dy, cx + dx, cy + dy))),
        )
        outage = service.create(conn, draft, now)
        service.publish(conn, outage.id, now)
        conn.execute(
            "UPDATE notice SET status = 'sent', sent_at = now(), attempts = 1 "
            "WHERE event_ref = %s AND id %% 2 = 0",
            (f"planned_outage:{outage.id}:r1",),
        )
    yield outage.id
    with psycopg.connect(demo_db_url) as conn:
        conn.execute(
            "DELETE FROM notice WHERE event_ref LIKE %s", (f"planned_outage:{outage.id}:%",)
        )
        conn.execute("DELETE FROM planned_outage WHERE id = %s", (outage.id,))


def test_a_published_outage_shows_how_its_notices_fared(
    page: Page, console_url: str, demo_db_url: str, published_outage: int
) -> None:
    """'a per-event delivery summary (sent / pending / failed) that later pages embed': the
    planned-outage list shows it for a published outage, and it links to its notices."""
    event_ref = f"planned_outage:{published_outage}:r1"
    with psycopg.connect(demo_db_url) as conn:
        counts = _counts(conn, event_ref)
    assert counts["sent"] > 0 and counts["pending"] > 0
    page.goto(f"{console_url}/planned-outages")
    delivery = page.locator(".gridops-outage", has_text="Notices page outage").locator(
        ".gridops-delivery"
    )
    expect(delivery.locator(".gridops-delivery-sent")).to_have_text(f"{counts['sent']:,} sent")
    expect(delivery.locator(".gridops-delivery-pending")).to_have_text(
        f"{counts['pending']:,} pending"
    )
    expect(delivery.locator(".gridops-delivery-failed")).to_have_text("0 failed")

    delivery.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/notices\?event=planned_outage"))
    expect(page.locator("#notice-count-total")).to_have_text(f"{sum(counts.values()):,}")
