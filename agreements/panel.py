"""The start page's panel for the process leader (and the county administrator): agreements about
to expire or due for their annual follow-up."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from access.policy import can_edit_agreements
from agreements import selectors
from organisations.models import Unit


def panel_context(request: HttpRequest) -> dict[str, Any] | None:
    if not can_edit_agreements(request.user):
        return None
    today = timezone.localdate()
    rows = [
        (a, selectors.expires_soon(a, today), selectors.follow_up_due(a, today))
        for a in selectors.agreements_needing_attention(today)
    ]
    return {"rows": rows, "today": today} if rows else None


def unit_section_context(unit: Unit) -> dict[str, Any] | None:
    """The unit page's "offers under which agreement" (one query); shown even when empty, so
    the manager sees that nothing is recorded."""
    return {"offers": selectors.unit_offers(unit), "unit": unit}
