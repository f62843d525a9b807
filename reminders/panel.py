from typing import Any

from django.http import HttpRequest

from access.policy import is_staff_member
from reminders.selectors import reminders_for_user

PANEL_MAX = 20


def panel_context(request: HttpRequest) -> dict[str, Any] | None:
    """The start page's reminders: the user's own and the user's units' (None: nothing to show)."""
    if not is_staff_member(request.user):
        return None
    reminders = list(reminders_for_user(request.user)[: PANEL_MAX + 1])
    if not reminders:
        return None
    return {"reminders": reminders[:PANEL_MAX], "more": len(reminders) > PANEL_MAX}
