from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from deviations.selectors import scope_for, waiting_for

PANEL_MAX = 10


def panel_context(request: HttpRequest) -> dict[str, Any] | None:
    """Managers' and council members' start page: the deficiency steps waiting for them (None: none)."""
    scope = scope_for(request.user)
    if not scope.managed_unit_ids and not scope.council_ids:
        return None
    steps = list(waiting_for(scope)[: PANEL_MAX + 1])
    if not steps:
        return None
    return {"steps": steps[:PANEL_MAX], "more": len(steps) > PANEL_MAX, "now": timezone.now()}
