import time
from collections.abc import Callable

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.reauthentication import suspend_request
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from accounts.adapter import account_for
from accounts.audit_log import sign_in_throttled

# Methods that prove a second factor: our own TOTP/WebAuthn, or the county's identity
# provider, which signs in with e-legitimation at assurance level 3.
SECOND_FACTOR_METHODS = {"mfa", "socialaccount"}
# The API refuses a session without the second factor itself, in JSON (api.auth.StaffSession).
# The public part of the site (/hjalp/) is for everyone, a half-signed-in member of staff too.
_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/", "/api/", "/hjalp/")


def session_has_second_factor(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)  # type: ignore[arg-type]
    return any(r.get("method") in SECOND_FACTOR_METHODS for r in records)


def second_factor_is_fresh(request: HttpRequest) -> bool:
    """Whether the session proved a second factor within the reauthentication timeout (5 minutes)."""
    records = get_authentication_records(request, request.user)  # type: ignore[arg-type]
    oldest = time.time() - account_settings.REAUTHENTICATION_TIMEOUT
    return any(r.get("method") in SECOND_FACTOR_METHODS and r.get("at", 0) >= oldest for r in records)


def _has_factor(user: object) -> bool:
    types = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    return Authenticator.objects.filter(user=user, type__in=types).exists()


def _is_admin_change(request: HttpRequest) -> bool:
    if request.method != "POST" or not getattr(request.user, "is_staff", False):
        return False
    try:
        admin, admin_logout = reverse("admin:index"), reverse("admin:logout")
    except NoReverseMatch:  # a URL configuration without the admin
        return False
    return request.path.startswith(admin) and request.path != admin_logout


class SecondFactorRequiredMiddleware:
    """Everyone who can see personal data must have, and have used, a second factor.

    In the Django admin every change (any POST) needs a second factor proven in the last few
    minutes: a superuser's session left open cannot change accounts or permissions."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_EXEMPT_PREFIXES)
            and user.requires_second_factor  # type: ignore[union-attr]
            and not session_has_second_factor(request)
        ):
            if not _has_factor(user):
                message = _("Your role gives access to personal data: set up two-step verification first.")
                messages.info(request, message)
                return redirect("mfa_activate_totp")
            # Signed in some way that skipped the second factor: start again properly.
            logout(request)
            return redirect("account_login")
        if user.is_authenticated and _is_admin_change(request) and not second_factor_is_fresh(request):
            if not _has_factor(user):
                return redirect("mfa_activate_totp")
            # allauth keeps the POST and replays it once the code is given (its reauthentication flow).
            messages.info(request, _("Confirm with two-step verification before changing anything in the admin."))
            return suspend_request(request, reverse("mfa_reauthenticate"))
        response = self.get_response(request)
        if response.status_code == 429 and request.method == "POST" and request.path == reverse("account_login"):
            # allauth's per-address throttle answers 429 before its form (and the adapter) runs.
            sign_in_throttled(account_id=account_for({"username": request.POST.get("login", "")}))
        return response
