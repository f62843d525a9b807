"""The individual's copy of the plan (issue 9, item 7): a print view and a PDF, from the same templates.

Written for the individual, in plain words ("you", "your plan"), with the five legal parts, who to
call and when the plan is followed up next. Both are reached through the door (sip_for_request):
a member of staff of a taking-part unit prints it to hand over or send; everyone else gets the
logged 404. The print view is logged as a print, the PDF as an export (as the log extract is).

Under emergency access the plan can be read but not handed out: printing and the PDF are refused
(403, the attempt logged as denied). Emergency access is for care now, not for copies.

Left out on purpose: the answer to the question about violence, pregnancy and the staff's target
group codes. A paper copy travels (a kitchen table, a shared letterbox); what the individual said
about violence must not be readable there by someone who uses it. Staff see them on the plan page.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from access.door import door_log
from access.policy import Grant
from audit.models import Action, Outcome
from audit.pdf import pdf_from_html
from sip import selectors
from sip.access import is_writable, sip_for_request
from sip.models import ParticipantKind
from sip.selectors import SipPage


@dataclass(frozen=True)
class Contact:
    """One line of "who to call": whose, what they do in the plan, and a phone number if known."""

    name: str
    role: str
    phone: str


def contacts(page: SipPage) -> list[Contact]:
    """The coordinator first, then every taking-part unit and external party, each once."""
    from django.utils.translation import gettext as _

    sip = page.sip
    unit = sip.coordinating_unit
    who = sip.coordinator.get_full_name() if sip.coordinator else ""
    found = [Contact(f"{who}, {unit.name}" if who else unit.name, _("Coordinates your plan"), unit.phone)]
    seen = {unit.pk}
    for p in page.participants:
        if p.kind in (ParticipantKind.UNIT, ParticipantKind.STAFF) and p.unit and p.unit.pk not in seen:
            seen.add(p.unit.pk)
            found.append(Contact(p.unit.name, _("Takes part in your plan"), p.unit.phone))
        elif p.kind == ParticipantKind.EXTERNAL:
            name = f"{p.contact_name}, {p.organisation}" if p.contact_name else p.organisation
            found.append(Contact(name, p.get_external_kind_display(), p.contact_phone))
    return found


def copy_context(page: SipPage) -> dict[str, Any]:
    """What both the print view and the PDF render: the selector's page, plus the contacts."""
    interventions_by_unit: dict[str, list[Any]] = {}
    for intervention in page.interventions:
        interventions_by_unit.setdefault(intervention.unit.name, []).append(intervention)
    return {
        **page.as_context(),
        "contacts": contacts(page),
        "short_goals": [g for g in page.goals if g.term == "short"],
        "long_goals": [g for g in page.goals if g.term == "long"],
        "interventions_by_unit": sorted(interventions_by_unit.items()),
        "produced_on": timezone.localdate(),
    }


def handed_out(request: HttpRequest, uuid: Any, action: Action) -> Grant:
    """The door for a copy that leaves the product: the grant, logged; under emergency access the
    attempt is logged as denied and refused (403)."""
    grant = sip_for_request(request, uuid, action=action, log=False)
    if not is_writable(grant):
        door_log(request, grant, action=action, outcome=Outcome.DENIED, details={"reason": "emergency_access"})
        raise PermissionDenied
    door_log(request, grant, action=action)
    return grant


@require_GET
@login_required  # the door below refuses (404) and logs everyone else
def sip_print(request: HttpRequest, uuid: str) -> HttpResponse:
    grant = handed_out(request, uuid, Action.PRINT)
    response = render(request, "sip/print/page.html", copy_context(selectors.sip_page(grant)))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required  # the door below refuses (404) and logs everyone else
def sip_pdf(request: HttpRequest, uuid: str) -> HttpResponse:
    grant = handed_out(request, uuid, Action.EXPORT)
    html = render_to_string("sip/print/pdf.html", copy_context(selectors.sip_page(grant)), request=request)
    response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
    # No name or number in the file name: it shows in download lists and browser history.
    response["Content-Disposition"] = f'attachment; filename="sip-{timezone.localdate().isoformat()}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
