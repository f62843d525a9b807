import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import render

from accounts.audit_log import sign_in_throttled
from accounts.backends import demo_user_allowed
from accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Staff are invited by an administrator (accounts.services.staff_invite).
        return False

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        # allauth lets a user through whom the backends refused for being inactive (to show its
        # "inactive" page); the backends also refuse demo users outside demo mode, and they must
        # get nothing but the ordinary "wrong user name or password".
        if user is not None and not demo_user_allowed(user):
            return None
        return user

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            # The throttle refuses before the password is checked, so Django's user_login_failed
            # (audit.signals) never fires: log the refusal here, like a failed sign-in.
            sign_in_throttled(account_id=account_for(credentials))
            raise

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        # Someone who has just chosen a password and signed in with it is setting up their first
        # second factor: asking for the same password again proves nothing (issue 8, first hour).
        request = context.request
        if app == "allauth.mfa" and request is not None and _just_signed_in_without_factor(request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth counts failed passwords per typed login, so a user name and its e-mail address
        # would each get their own five attempts. Count them per account instead (security.md).
        login = str(credentials.get("email", credentials.get("username", ""))).strip()
        account = account_for(credentials)
        key = f"user:{account}" if account is not None else f"login:{login.lower()}"
        return f"{get_current_site(request).domain}:{key}"


def account_for(credentials: dict[str, Any]) -> int | None:
    """The id of the account a typed login names (user name or e-mail), if any."""
    login = str(credentials.get("email", credentials.get("username", ""))).strip()
    return (
        User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def _just_signed_in_without_factor(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated or Authenticator.objects.filter(user=user).exists():
        return False
    records = get_authentication_records(request, user)  # type: ignore[arg-type]
    fresh = time.time() - account_settings.REAUTHENTICATION_TIMEOUT
    return any(r.get("method") == "password" and r.get("at", 0) >= fresh for r in records)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        # The county's identity provider proves who someone is, not that they work here.
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        # An IdP may vouch for the address of a demo user (published password, fictional person);
        # outside demo mode that account gets the same "sign-up is closed" as an unknown person.
        user = sociallogin.user
        if user is not None and user.pk is not None and not demo_user_allowed(user):
            raise ImmediateHttpResponse(render(request, "account/signup_closed.html"))
