"""The planned-outage page's pieces, without a browser: the preview, the picks, the list."""

from __future__ import annotations

from datetime import UTC, datetime

from app.console.components.outage_panel import build_outage_list, build_picked, build_preview
from app.console.i18n import Language
from app.console.ids import OUTAGE_CANCEL_TYPE
from outage.models import AffectedCustomer, OutagePreview, PlannedOutage, PlannedOutageStatus
from tests.app.readable import by_id, readable

NOW = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
PREVIEW = OutagePreview(
    customers=1234,
    customers_by_type={"residential": 1200, "commercial": 34},
    transformers=["TR1", "TR2"],
    feeders=["F01"],
    customer_sample=[AffectedCustomer(9, "A0009", "residential", "TR1")],
    supply_area_union=None,
    repair="self-intersection",
)


def _outage(status: PlannedOutageStatus, published: bool) -> PlannedOutage:
    return PlannedOutage(
        id=5,
        title="Cable works",
        reason="new cable",
        starts_at=NOW,
        ends_at=NOW,
        status=status,
        geometry={},
        transformer_ids=[1],
        revision=1,
        repair="",
        customers_affected=1234,
        created_at=NOW,
        updated_at=NOW,
        published_at=NOW if published else None,
    )


def test_the_preview_counts_customers_by_type_and_devices() -> None:
    shown = build_preview(PREVIEW, None, Language.EN)
    assert readable(by_id(shown, "po-count-customers")) == "1,234"
    assert readable(by_id(shown, "po-count-by-type")) == "commercial 34, residential 1,200"
    assert readable(by_id(shown, "po-count-devices")) == "Transformers: 2 · Feeders: F01"
    assert readable(by_id(shown, "po-repair")) == "Geometry repaired: self-intersection"
    assert "A0009 · residential · TR1" in readable(shown)
    chinese = build_preview(PREVIEW, None, Language.ZH_CN)
    assert readable(by_id(chinese, "po-count-by-type")) == "商业 34, 居民 1,200"


def test_nothing_drawn_or_an_error_is_said_plainly() -> None:
    assert readable(build_preview(None, None, Language.EN)) == "Nothing drawn or picked yet."
    assert readable(build_preview(None, "too many vertices", Language.EN)) == "too many vertices"
    assert readable(build_picked(["TR1", "TR2"])) == "TR1 TR2"
    assert build_picked([]) == ["—"]


def test_only_an_outage_still_open_can_be_cancelled() -> None:
    shown = build_outage_list(
        [_outage(PlannedOutageStatus.PUBLISHED, True)], Language.EN, "Asia/Shanghai"
    )
    text = readable(shown)
    assert text.startswith("PO-5 Cable works published · ")
    assert "1,234 customers" in text and "Cancel" in text
    assert by_id(shown, {"type": OUTAGE_CANCEL_TYPE, "id": 5}).n_clicks == 0
    done = readable(
        build_outage_list(
            [_outage(PlannedOutageStatus.COMPLETED, True)], Language.EN, "Asia/Shanghai"
        )
    )
    assert "Cancel" not in done
    assert build_outage_list([], Language.EN, "Asia/Shanghai") == ["—"]
