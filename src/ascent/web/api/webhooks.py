"""``POST /api/v1/webhooks/crm``: a CRM posts an outcome, signed with the org's secret.

No bearer token: the signature is the authentication (``service.crm_webhook``). It is
checked on the raw body before the JSON is even read, in a reader's unit of work; only a
signed post takes the writer's turn and imports.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ascent import bootstrap
from ascent.errors import error_document
from ascent.service.crm_webhook import (
    HEADER,
    CrmOutcome,
    record_outcome,
    verify,
    webhook_secret,
)
from ascent.web.api.auth import api_router, error_json

router = api_router(tags=["webhooks"])
TEXT = 300


class CrmOutcomeIn(BaseModel):
    """An outcome as the CRM posts it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=200, description="The CRM's own id: the key.")
    kind: str = Field(
        max_length=32, description="meeting_booked, opportunity, deal_won, deal_lost, referral"
    )
    occurred_at: str = Field(max_length=40, description="ISO date or datetime (UTC if bare).")
    person: str = Field(max_length=TEXT, description="The seller's e-mail.")
    amount: float | None = Field(None, ge=0, le=1e12, allow_inf_nan=False)
    contact: str | None = Field(None, max_length=TEXT)
    contact_url: str | None = Field(None, max_length=2000)
    account: str | None = Field(None, max_length=TEXT)
    source: str | None = Field(None, max_length=32, description="The channel it came from.")
    note: str | None = Field(None, max_length=10_000)


class WebhookOut(BaseModel):
    id: str
    person_id: int
    added: int
    duplicate: bool


async def raw_body(request: Request) -> bytes:
    """The body exactly as signed (the signature covers these bytes, not a re-encoding)."""
    return await request.body()


Body = Annotated[bytes, Depends(raw_body)]
BODY_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": CrmOutcomeIn.model_json_schema()}},
    }
}


@router.post("/webhooks/crm", response_model=WebhookOut, openapi_extra=BODY_SCHEMA)
def crm_outcome(
    request: Request,
    body: Body,
    signature: Annotated[
        str | None,
        Header(alias=HEADER, description="t=<unix time>,v1=<hex HMAC-SHA256>", max_length=600),
    ] = None,
) -> Any:
    """Record an outcome the CRM posts (idempotent on its ``id``)."""
    state = request.app.state
    with bootstrap.scoped_unit_of_work(state.engine, org=state.org) as uow:
        verify(webhook_secret(uow), signature, body, now=time.time())
    try:
        posted = CrmOutcomeIn.model_validate_json(body)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return error_json(error_document("invalid_request", problems or "not an outcome"))
    today: date = state.today()
    with bootstrap.scoped_unit_of_work(state.engine, org=state.org, write=True) as uow:
        result = record_outcome(uow, outcome=CrmOutcome(**posted.model_dump()), today=today)
    return result.to_dict()
