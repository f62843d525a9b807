from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import render

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

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth counts failed passwords per typed login, so a user name and its e-mail address
        # would each get their own five attempts. Count them per account instead (security.md).
        login = str(credentials.get("email", credentials.get("username", ""))).strip()
        account = (
            User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        key = f"user:{account}" if account is not None else f"login:{login.lower()}"
        return f"{get_current_site(request).domain}:{key}"


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
