"""The start page's SIP panel: invitations waiting for the user's units' answer.

It names the inviting unit and the answer date, never the individual (the start page is no read
of anyone's data); the link leads through the door."""

from typing import Any

from django.http import HttpRequest

from access.policy import care_unit_ids
from sip.models import Invitation, InvitationAnswer, SipStatus

PANEL_MAX = 20


def pending_invitations(unit_ids: frozenset[int]) -> list[Invitation]:
    rows = (
        Invitation.objects.filter(answer=InvitationAnswer.PENDING, participant__unit_id__in=unit_ids,
                                  participant__left_at__isnull=True)
        .exclude(sip__status=SipStatus.CLOSED)
        .select_related("sip__coordinating_unit", "participant__unit")
        .order_by("answer_by", "pk")
    )  # fmt: skip
    return list(rows[: PANEL_MAX + 1])


def panel_context(request: HttpRequest) -> dict[str, Any] | None:
    units = care_unit_ids(request.user)
    if not units:
        return None
    invitations = pending_invitations(units)
    if not invitations:
        return None
    return {"invitations": invitations[:PANEL_MAX], "more": len(invitations) > PANEL_MAX}
