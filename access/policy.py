"""The access policy: the one place that decides who may see and do what.

Every view, export and API endpoint asks here. Staff-wide reference data (units, principals,
the staff directory) is open to every signed-in member of staff; changing it needs the county
administrator's role. Personal data of individuals is decided by the rules added with them.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from accounts.models import User


def is_staff_member(user: Any) -> bool:
    """A signed-in user with at least one active membership, or a superuser."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or bool(user.active_memberships)


def can_administer_county(user: Any) -> bool:
    if not is_staff_member(user):
        return False
    return user.is_superuser or any(m.role_enum.administers_county for m in user.active_memberships)


def _guard(check: Callable[[Any], bool]) -> Callable:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = _guard(is_staff_member)
county_admin_required = _guard(can_administer_county)


def typed_user(request: HttpRequest) -> User:
    """The request's user, known to be signed in by the guard above."""
    assert isinstance(request.user, User)
    return request.user
