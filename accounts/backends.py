from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend


def demo_user_allowed(user: Any) -> bool:
    # Demo users are fictional people with published passwords: never outside demo mode.
    return not getattr(user, "is_demo", False) or settings.DEMO_MODE


class StaffModelBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and demo_user_allowed(user)


class StaffAllauthBackend(AuthenticationBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and demo_user_allowed(user)
