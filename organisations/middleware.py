from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

SESSION_KEY = "current_membership_id"


class CurrentMembershipMiddleware:
    """Sets request.membership: the unit and role the user is working as right now."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = None  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            memberships = request.user.active_memberships  # type: ignore[union-attr]
            chosen = request.session.get(SESSION_KEY)
            current = next((m for m in memberships if m.pk == chosen), None)
            request.membership = current or (memberships[0] if memberships else None)  # type: ignore[attr-defined]
        return self.get_response(request)
