"""Appliance sales from partners (console audience: partners' feeds and planners' uploads).

POST /api/v1/appliance-sales takes a JSON list of 1 to 10,000 records {partner_record_id,
partner, sold_at, appliance_type, rated_kw, quantity, lon, lat, crs}. Each record is checked
on its own (data/appliance_sales.py lists the rules): the good ones are imported, the others
come back as {row, field, reason} with row 1 the list's first element. The answer is
200 {imported, rejected: []} when every record was imported, 207 with the same body when some
were rejected, and a 422 problem (with the same `rejected` list) when no record was valid;
a body that is not such a list is a 422 problem naming the fault.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Body
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from app.api.answers import answer_model, list_of, read
from app.api.audience import Audience, audience_router
from app.api.dependencies import Connection
from app.api.problem import PROBLEM_BASE, PROBLEM_MEDIA_TYPE, Problem
from data import appliance_sales as service
from data.import_rejection import ImportSummary, Rejection

router = audience_router(Audience.CONSOLE)
MAX_RECORDS = 10_000
# 10,000 records of about 250 bytes are 2.5 MB (2.9 MB indented): room for them, and no more
MAX_BODY_BYTES = 4 * 1024 * 1024


class SaleRecordIn(BaseModel):
    """One partner record. Values are checked by the import, not here, so that one bad
    record is rejected with its reason while the others are imported."""

    model_config = ConfigDict(extra="ignore")

    partner_record_id: Any = Field(None, description="the partner's own id (unique per partner)")
    partner: Any = Field(None, description="retailer, e-commerce platform or installer")
    sold_at: Any = Field(None, description="ISO 8601; without a zone, read in GRIDOPS_TIMEZONE")
    appliance_type: Any = Field(None, description=", ".join(service.APPLIANCE_TYPES))
    rated_kw: Any = Field(None, description="rated electrical input of one unit, kW")
    quantity: Any = Field(1, description="units sold (1 to 100,000)")
    lon: Any = Field(None, description="longitude in degrees, in `crs`")
    lat: Any = Field(None, description="latitude in degrees, in `crs`")
    crs: Any = Field("WGS84", description="WGS84 | GCJ02 | BD09")

    @field_validator("*", mode="before")
    @classmethod
    def _scalar(cls, value: Any) -> Any:
        """An object or a list where a value belongs reaches the import as its JSON text, to
        be rejected there with the record's row and field like any other bad value."""
        return json.dumps(value) if isinstance(value, dict | list) else value


RejectionOut = answer_model(
    "RejectionOut",
    Rejection,
    {
        "row": "1 for the list's first record",
        "field": "the record's field at fault",
        "reason": "why the record was rejected",
    },
    module=__name__,
)

SalesImportOut = answer_model(
    "SalesImportOut",
    ImportSummary,
    {
        "imported": "records imported",
        "rejected": "every record rejected, with its row, field and reason",
    },
    module=__name__,
    exclude=("replaced", "already_stored"),
)

SalesProblem = create_model(
    "SalesProblem",
    __base__=Problem,
    __module__=__name__,
    rejected=(
        list_of(RejectionOut),
        Field(default_factory=list, description="every record, with its row, field and reason"),
    ),
)


@router.post(
    "/api/v1/appliance-sales",
    response_model=SalesImportOut,
    summary="Import appliance sales: the good records, and the reasons for the others",
    responses={
        207: {"model": SalesImportOut, "description": "some records were rejected"},
        422: {"model": SalesProblem, "description": "no record was valid"},
    },
)
def import_sales(
    conn: Connection,
    body: Annotated[list[SaleRecordIn], Body(min_length=1, max_length=MAX_RECORDS)],
) -> JSONResponse:
    """Import every valid record; 207 lists the rejected ones, a 422 problem says none was valid."""
    records = [record.model_dump() for record in body]
    summary = service.import_sales(conn, records)
    out = read(SalesImportOut, summary).model_dump()
    if summary.imported == 0 and summary.already_stored == 0:  # no record was valid
        problem = SalesProblem.model_validate(
            {
                "type": PROBLEM_BASE + "invalid-sales",
                "title": "No valid sale",
                "status": 422,
                "detail": f"all {len(records)} records were rejected",
                "field": summary.rejected[0].field if summary.rejected else None,
                "rejected": out["rejected"],
            }
        )
        return JSONResponse(
            problem.model_dump(exclude_none=True), status_code=422, media_type=PROBLEM_MEDIA_TYPE
        )
    return JSONResponse(out, status_code=207 if summary.rejected else 200)
