"""The entry point from a SIP invitation to a collaboration-deficiency report (deviations.sources).

A declined invitation, or one unanswered after its answer date, may start a report. The values
name units, a date and a category; never the individual, the plan's content or the decline reason
(free text that may hold personal data)."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from access import policy
from sip.access import sip_grant
from sip.models import Invitation, InvitationAnswer


def may_report(invitation: Invitation) -> bool:
    """Declined, or still unanswered after its answer date."""
    if invitation.answer == InvitationAnswer.DECLINED:
        return True
    return invitation.answer == InvitationAnswer.PENDING and invitation.answer_by < timezone.localdate()


def invitation_prefill(request: HttpRequest, key: str) -> dict[str, Any] | None:
    """The report's initial values for invitation ``key``, or None when the user may not start one from
    it: an unknown or malformed key, an invitation that is neither declined nor overdue, or a user who
    does not work at the plan's coordinating unit with access to the plan."""
    if not _is_uuid(key):
        return None
    invitation = (
        Invitation.objects.select_related("sip", "sip__coordinating_unit", "participant__unit").filter(uuid=key).first()
    )
    if invitation is None or not may_report(invitation):
        return None
    sip = invitation.sip
    if sip.coordinating_unit_id not in policy.care_unit_ids(request.user) or sip_grant(request.user, sip) is None:
        return None
    declined = invitation.answer == InvitationAnswer.DECLINED
    counterpart = invitation.participant.unit
    happened = invitation.answered_at.date() if declined and invitation.answered_at else invitation.answer_by
    return {
        "agreement": "addiction",
        "happened_on": happened,
        "reporting_unit": str(sip.coordinating_unit.uuid),
        "counterpart_units": [str(counterpart.uuid)] if counterpart is not None else [],
        "category": "coordination",
        "what_happened": _("An invitation to a coordinated individual plan (SIP) was declined.") if declined
        else _("An invitation to a coordinated individual plan (SIP) was not answered by its answer date."),
        "source": _("SIP invitation declined") if declined else _("SIP invitation unanswered"),
    }  # fmt: skip


def _is_uuid(key: str) -> bool:
    import uuid

    try:
        uuid.UUID(key)
    except (ValueError, TypeError, AttributeError):
        return False
    return True
