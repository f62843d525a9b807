"""SIPs in the JSON API (api/main.py finds this router); a fixed contract (issue 9, item 10).

GET /api/v1/sips lists the SIPs the caller may see (a unit of theirs takes part, under a SIP
consent in force: sip.access.sips_visible_to), a page at a time, and logs one entry naming every
individual on the page (as the individuals list does). GET /api/v1/sips/{id}/fhir gives one SIP as
a FHIR R4 Bundle through the door: a SIP the caller may not see answers the same 404 as one that
does not exist, and the attempt is logged. Staff session with the second factor (the default).
"""

import json
import math
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import F
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from access.policy import care_memberships
from api.auth import door_session
from audit.models import Action, Ground
from audit.services import Actor, audit_list_read
from sip import fhir, selectors
from sip.access import sips_visible_to
from sip.models import SipStatus
from sip.output import handed_out

router = Router(tags=["sip"])

FHIR_JSON = "application/fhir+json"
LIMIT_DEFAULT = 25
LIMIT_MAX = 100
PAGE_MAX = 10_000  # far beyond any unit's plans; a larger number is refused rather than counted


class UnitRefOut(Schema):
    id: UUID = Field(description="The unit's public id, as in GET /api/v1/units.")
    code: str = Field(description="The unit's code (HSA-id for the region's units).", examples=["SE2321000206-B123"])
    name: str


class SipOut(Schema):
    id: UUID = Field(description="The SIP's opaque id (a UUID); the same id as in /api/v1/sips/{id}/fhir.")
    status: SipStatus = Field(
        description="asked_for, invited, meeting_planned, agreed, follow_up (being followed up) or closed."
    )
    next_follow_up: date | None = Field(description="The date of the next follow-up; null when not decided.")
    coordinating_unit: UnitRefOut = Field(description="The unit that coordinates and follows up the plan.")


class SipPageOut(Schema):
    items: list[SipOut] = Field(description="At most `limit` SIPs: the next follow-up first (none last), then by id.")
    count: int = Field(description="How many SIPs the caller may see in all (with the status filter).")
    page: int = Field(description="This page's number, from 1.")
    pages: int = Field(description="How many pages there are at this limit (0 when there are no SIPs).")
    limit: int


class SipFilter(Schema):
    page: int = Field(1, ge=1, le=PAGE_MAX, description="The page, from 1.")
    limit: int = Field(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX, description=f"SIPs per page, 1–{LIMIT_MAX}.")
    status: SipStatus | None = Field(None, description="Only SIPs with this status.")


class ErrorOut(Schema):
    detail: str


def _actor(request: HttpRequest) -> Actor:
    """The session's membership if it is a care membership (the one the user works as), else the first."""
    memberships = care_memberships(request.user)
    current = getattr(request, "membership", None)
    membership = current if current in memberships else next(iter(memberships), None)
    return Actor.for_membership(request.user, membership)


@router.get(
    "/sips",
    response={200: SipPageOut},
    summary="The SIPs the caller may see",
    operation_id="sips_list",
)
def sips_list(request: HttpRequest, filters: Query[SipFilter]) -> dict[str, Any]:
    """The SIPs in which a unit of the caller's takes part under a SIP consent in force, a page at a
    time (`page`, `limit`). Reading the page is logged: one entry naming the individuals listed.
    Emergency access opens one SIP by its id, never a list."""
    rows = sips_visible_to(request.user)
    if filters.status:
        rows = rows.filter(status=filters.status)
    count = rows.count()
    start = (filters.page - 1) * filters.limit
    ordered = rows.select_related("coordinating_unit").order_by(F("next_follow_up_on").asc(nulls_last=True), "pk")
    sips = list(ordered[start : start + filters.limit]) if start < count else []
    if sips:
        audit_list_read(actor=_actor(request), ground=Ground.SIP_CONSENT,
                        individual_ids=[s.individual_id for s in sips], object_type="sip.sip")  # fmt: skip
    return {
        "items": [
            {"id": s.uuid, "status": s.status, "next_follow_up": s.next_follow_up_on,
             "coordinating_unit": {"id": s.coordinating_unit.uuid, "code": s.coordinating_unit.code,
                                   "name": s.coordinating_unit.name}}
            for s in sips
        ],
        "count": count,
        "page": filters.page,
        "pages": math.ceil(count / filters.limit),
        "limit": filters.limit,
    }  # fmt: skip


# Only 200 here: 403 and 404 come from the decorator's `response`; naming them twice would put the
# same key twice in the document, which swagger-ui's parser refuses (the docs page went blank).
FHIR_RESPONSES = {
    "responses": {
        "200": {
            "description": "A FHIR R4 Bundle of type collection: the CarePlan first, then its CareTeam and its "
            "Goals, linked by urn:uuid: full URLs.",
            "content": {FHIR_JSON: {"schema": {"type": "object", "required": ["resourceType", "type", "entry"],
                                               "properties": {"resourceType": {"const": "Bundle"},
                                                              "type": {"const": "collection"},
                                                              "entry": {"type": "array"}}}}},
        },
    }
}  # fmt: skip


@router.get(
    "/sips/{uuid:id}/fhir",
    response={403: ErrorOut, 404: ErrorOut},
    summary="One SIP as a FHIR R4 Bundle",
    operation_id="sips_fhir",
    auth=door_session,
    openapi_extra=FHIR_RESPONSES,
)
def sips_fhir(request: HttpRequest, id: UUID) -> HttpResponse:  # noqa: A002 - the contract's name
    """The CarePlan, its CareTeam and Goals, as application/fhir+json. Through the door: reading
    it is logged as an export; without access, the same 404 as for an unknown id, logged as denied.
    Under emergency access (which reads one plan in the product, and hands nothing out): 403."""
    grant = handed_out(request, id, Action.EXPORT)
    body = json.dumps(fhir.bundle(selectors.sip_page(grant)), ensure_ascii=False)
    response = HttpResponse(body, content_type=f"{FHIR_JSON}; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
