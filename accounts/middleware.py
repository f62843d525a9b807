from collections.abc import Callable

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# Methods that prove a second factor: our own TOTP/WebAuthn, or the county's identity
# provider, which signs in with e-legitimation at assurance level 3.
SECOND_FACTOR_METHODS = {"mfa", "socialaccount"}
_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/")


def session_has_second_factor(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)  # type: ignore[arg-type]
    return any(r.get("method") in SECOND_FACTOR_METHODS for r in records)


class SecondFactorRequiredMiddleware:
    """Everyone who can see personal data must have, and have used, a second factor."""

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
            has_factor = Authenticator.objects.filter(
                user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
            ).exists()
            if not has_factor:
                messages.info(request, _("Your role gives access to personal data: set up a second factor first."))
                return redirect("mfa_activate_totp")
            # Signed in some way that skipped the second factor: start again properly.
            logout(request)
            return redirect("account_login")
        return self.get_response(request)
