"""The API's two ways in (README, "JSON API").

StaffSession: the browser's signed-in session of an active member of staff who has used the
second factor (the same checks as accounts.middleware and access.policy make for pages); writes
need the CSRF token in the X-CSRFToken header. PublicAccess: anyone, limited per address.
"""

import hashlib
import time
from typing import Any

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from access.policy import is_staff_member
from accounts.middleware import session_has_second_factor


class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(
            403, _("The CSRF check failed: send the X-CSRFToken header with the csrftoken cookie's value.")
        )


class RateLimited(HttpError):
    def __init__(self, wait: int) -> None:
        self.wait = wait
        super().__init__(429, _("Too many requests: try again in %(seconds)d seconds.") % {"seconds": wait})


class StaffSession(APIKeyCookie):
    """A signed-in member of staff, second factor done; returns the user."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        # Django's own check, which lets safe methods (GET, HEAD, OPTIONS) through.
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise CsrfFailed
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None  # 401
        if user.requires_second_factor and not session_has_second_factor(request):  # type: ignore[union-attr]
            raise AuthenticationError(401, _("Sign in again with your second factor (tvåstegsverifiering)."))
        if not is_staff_member(user):
            raise AuthorizationError(403, _("Only members of staff with a place at a unit may use this."))
        return user


class PublicAccess:
    """Anyone, signed in or not, within API_PUBLIC_RATE_PER_MINUTE requests per minute and address.

    A plain callable rather than a ninja AuthBase, so public operations carry no security
    requirement in the OpenAPI document."""

    window_seconds = 60

    def __call__(self, request: HttpRequest) -> Any:
        limit = settings.API_PUBLIC_RATE_PER_MINUTE
        window = int(time.time()) // self.window_seconds
        address = get_adapter().get_client_ip(request) or "unknown"
        # The address is hashed: the cache holds no one's IP address in clear.
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
        key = f"api-public:{digest}:{window}"
        cache.add(key, 0, timeout=self.window_seconds * 2)
        count = cache.incr(key)
        if count > limit:
            raise RateLimited(self.window_seconds - int(time.time()) % self.window_seconds or 1)
        return request.user if request.user.is_authenticated else "anonymous"


class DoorSession(StaffSession):
    """The staff session, second factor done, for an operation on one object behind the door: whether
    the user may see it is the door's to judge, so a signed-in user without a place at a unit gets the
    door's logged 404 like anyone else not let in (as on the pages), not an unlogged 403."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None  # 401
        if user.requires_second_factor and not session_has_second_factor(request):  # type: ignore[union-attr]
            raise AuthenticationError(401, _("Sign in again with your second factor (tvåstegsverifiering)."))
        return user


staff = StaffSession()
door_session = DoorSession()
public = PublicAccess()
