"""Signing in for real, through allauth's own pages: password, then the second factor."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.test import Client
from django.urls import reverse

from tests.personas import PASSWORD, TOTP_SECRET

LOGIN_URL = reverse("account_login")
MFA_URL = reverse("mfa_authenticate")


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The authenticator app's current code. Waits out the last second of a period so it stays valid."""
    remaining = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if remaining < 1.5:
        time.sleep(remaining + 0.05)
    counters = list(yield_hotp_counters_from_time())
    current = counters[len(counters) // 2]
    return format_hotp_value(hotp_value(secret, current))


def wrong_totp_code(secret: str = TOTP_SECRET) -> str:
    """A six-digit code that none of the currently accepted counters produce."""
    valid = {format_hotp_value(hotp_value(secret, c)) for c in yield_hotp_counters_from_time()}
    return next(code for code in ("000000", "111111", "123456", "999999") if code not in valid)


def post_password(client: Client, login: str, password: str = PASSWORD):
    return client.post(LOGIN_URL, {"login": login, "password": password})


def post_code(client: Client, code: str):
    return client.post(MFA_URL, {"code": code})


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def sign_in_fresh(client: Client, user, *, second_factor: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Sign in as if the password (and the second factor) had been given just now."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY

    client.force_login(user)
    session = client.session
    now = time.time()
    records = [{"method": "password", "at": now, "username": user.username}]
    if second_factor:
        records.append({"method": "mfa", "at": now, "type": "totp", "reauthenticated": True})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
