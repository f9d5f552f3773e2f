"""The delivery summary and the notices page's pieces, as pure functions (no browser, no
database): what goes in which share, what an empty event shows, the console's address mask,
and the filter read from the page's fields."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from app.console.callbacks.notices import notice_filter
from app.console.components.notice_summary import (
    build_delivery_summary,
    build_notice_table,
    delivery_shares,
    mask_contacts,
)
from app.console.i18n import TEXTS, Language
from notify.models import Channel, NoticeKind, NoticeStatus, RecipientType
from notify.models import Language as NoticeLanguage
from notify.report import DeliverySummary, NoticePage, NoticeRow


def _text(component: Any) -> str:
    """Every string in a component tree, in order."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return "".join(_text(c) for c in component)
    return _text(getattr(component, "children", None))


def test_pending_counts_notices_being_delivered_and_dead_shows_only_when_there_is_one() -> None:
    """'sent / pending / failed': a notice under a worker's lease is still pending; failed is
    'failed once, to be retried'; dead letters get a share of their own only when present."""
    summary = DeliverySummary("planned_outage:1:r1", pending=2, delivering=1, failed=4, sent=5)
    assert [(s.part, s.count) for s in delivery_shares(summary)] == [
        ("sent", 5),
        ("pending", 3),
        ("failed", 4),
    ]
    with_dead = DeliverySummary("planned_outage:1:r1", sent=1, dead=2)
    assert [s.part for s in delivery_shares(with_dead)] == ["sent", "pending", "failed", "dead"]


def test_the_summary_reads_its_numbers_in_the_language_and_links_to_the_event() -> None:
    summary = DeliverySummary("planned_outage:7:r2", pending=1, sent=1234, dead=2)
    english = build_delivery_summary(summary, Language.EN)
    assert _text(english) == "1,234 sent · 1 pending · 0 failed · 2 dead"
    assert english.title == "planned_outage:7:r2"
    link = english.children[1]
    assert link.href == "/notices?event=planned_outage%3A7%3Ar2"
    assert "已送达" in _text(build_delivery_summary(summary, Language.ZH_CN))


def test_an_event_without_notices_says_so() -> None:
    assert _text(build_delivery_summary(DeliverySummary("dr_event:3"), Language.EN)) == (
        "no notices"
    )


def test_anything_like_an_address_in_an_error_is_masked() -> None:
    """'never contact details': e-mail addresses, URLs and phone numbers in an error text."""
    assert mask_contacts("550 <li.lei@example.cn> unknown") == "550 <<address>> unknown"
    assert mask_contacts("POST https://hooks.example.test/x?token=1 failed") == (
        "POST <address> failed"
    )
    assert mask_contacts("SMS to +86 138 0013 8000 refused") == "SMS to <address> refused"
    assert mask_contacts("HTTP 500 after 3 s") == "HTTP 500 after 3 s"
    assert mask_contacts(None) == ""


def test_a_row_names_its_recipient_by_type_and_id_and_only_dead_letters_have_retry() -> None:
    def row(notice_id: int, status: NoticeStatus) -> NoticeRow:
        created = datetime(2026, 10, 31, 16, 30, tzinfo=UTC)
        return NoticeRow(
            notice_id, NoticeKind.OUTAGE_NOTICE, RecipientType.CUSTOMER, 42, Channel.EMAIL,
            NoticeLanguage.ZH_CN, status, 5, 5, "planned_outage:1:r1", created, created, None,
            "timed out", None,
        )  # fmt: skip

    page = NoticePage([row(1, NoticeStatus.DEAD), row(2, NoticeStatus.SENT)], 2, 50, 0)
    table = build_notice_table(page, Language.EN, "Asia/Shanghai")[0]
    dead, sent = table.children[1].children
    shown = "2026-11-01 00:30:00 +08:00Outage noticee-mailcustomer 42Chinesedead"
    assert _text(dead).startswith(shown)
    assert _text(dead).endswith("Retry")
    assert not _text(sent).endswith("Retry")


def test_the_filter_takes_whole_days_in_the_utilitys_zone_and_drops_unknown_values() -> None:
    where = notice_filter(
        {
            "kinds": ["dr_request", "no_such_kind"],
            "statuses": ["dead"],
            "created_from": "2026-10-01",
            "created_to": "2026-10-31T00:00:00",
            "event": "  planned_outage:12: ",
        },
        "Asia/Shanghai",
    )
    zone = ZoneInfo("Asia/Shanghai")
    assert where.kinds == (NoticeKind.DR_REQUEST,)
    assert where.statuses == (NoticeStatus.DEAD,)
    assert where.created_from == datetime(2026, 10, 1, tzinfo=zone)
    assert where.created_to == datetime(2026, 11, 1, tzinfo=zone)  # the last day included
    assert where.event_prefix == "planned_outage:12:"
    assert notice_filter(None, "UTC") == notice_filter({"created_from": "not a date"}, "UTC")


def test_every_kind_status_and_recipient_type_has_words_in_both_languages() -> None:
    keys = (
        [f"kind_{k.value}" for k in NoticeKind]
        + [f"status_{s.value}" for s in NoticeStatus]
        + [f"recipient_{r.value}" for r in RecipientType]
    )
    assert all(all(TEXTS[key]) for key in keys)


def test_the_notices_page_shows_what_a_notice_said_in_its_recipients_language() -> None:
    """Issue 12 §10: the page showed counts but not the text. A sent notice shows the text
    kept (its link's token blanked); one not yet sent, the text its facts make, in the
    recipient's language and without a token."""
    created = datetime(2026, 10, 31, 16, 30, tzinfo=UTC)
    facts = {
        "title": "Cable joint", "reason": "repair", "planned_outage_id": 3,
        "starts_at": "2026-11-02T01:00:00+00:00", "ends_at": "2026-11-02T05:00:00+00:00",
    }  # fmt: skip
    waiting = NoticeRow(
        1, NoticeKind.OUTAGE_NOTICE, RecipientType.CUSTOMER, 42, Channel.EMAIL,
        NoticeLanguage.ZH_CN, NoticeStatus.PENDING, 0, 5, "planned_outage:3:r1", created,
        created, None, None, None, None, facts,
    )  # fmt: skip
    sent = NoticeRow(
        2, NoticeKind.DR_REQUEST, RecipientType.CUSTOMER, 42, Channel.EMAIL,
        NoticeLanguage.EN, NoticeStatus.SENT, 1, 5, "dr_event:1:m0", created, created, created,
        None, "Demand response request", "Answer here: https://x.test/public/dr/<token>?lang=en\n",
    )  # fmt: skip
    table = build_notice_table(NoticePage([waiting, sent], 2, 50, 0), Language.EN, "Asia/Shanghai")
    first, second = table[0].children[1].children
    assert "计划停电通知：2026-11-02 09:00 至 2026-11-02 13:00" in _text(first)
    assert "/public/outages?planned_outage=3&lang=zh-CN" in _text(first)
    assert "Demand response request" in _text(second) and "/public/dr/<token>" in _text(second)
    assert TEXTS["nt_col_text"][1]
