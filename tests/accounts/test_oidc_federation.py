"""Signing in through the county's identity provider, for real.

The IdP is django-allauth's own OpenID Connect provider (allauth.idp.oidc), run as a Django project
of its own (tests/oidc_idp) in a subprocess on 127.0.0.1 with its own SQLite file and RSA key. Our
app runs under pytest-django's live_server, configured exactly as settings.py configures it from
OIDC_SERVER_URL (samverkan.federation.county_oidc_app). Every request crosses real HTTP: the
browser (a requests.Session, or Chromium) between the two servers, and our server to the IdP's
token, userinfo and JWKS endpoints.
"""

import copy
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import connections

from accounts.models import User
from accounts.services import staff_invite
from organisations.roles import Role
from samverkan.federation import county_oidc_app, idp_form_action_sources
from tests.factories import MembershipFactory, UnitFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "samverkan-test"
CLIENT_SECRET = "client-secret-only-for-tests"
IDP_PASSWORD = "idp password for tests"

# People the county's IdP knows. Our app knows only those an administrator invites, per test.
INVITED = {"email": "anna.berg@sundsvall.invalid", "first_name": "Anna", "last_name": "Berg"}
STRANGER = {"email": "okand.person@sundsvall.invalid", "first_name": "Okänd", "last_name": "Person"}
# The IdP knows this address but does not vouch for it (email_verified false).
UNVERIFIED = {"email": "lars.ek@sundsvall.invalid", "first_name": "Lars", "last_name": "Ek", "email_verified": False}

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


class CountyIdP:
    def __init__(self, url: str, log: Path) -> None:
        self.url = url
        self.log = log


@pytest.fixture(scope="module")
def county_idp(django_db_setup, live_server, tmp_path_factory):
    """The county's identity provider, in its own process, with our app registered as a client.

    Asks for django_db_setup first so that the test database outlives the live server's connection.
    """
    tmp = tmp_path_factory.mktemp("oidc_idp")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    seed = {
        "clients": [
            {
                "id": CLIENT_ID,
                "secret": CLIENT_SECRET,
                "redirect_uris": [f"{live_server.url}/accounts/oidc/county/login/callback/"],
            }
        ],
        "people": [{**p, "password": IDP_PASSWORD} for p in (INVITED, STRANGER, UNVERIFIED)],
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_idp.settings",
        "PYTHONPATH": str(ROOT),
        "OIDC_IDP_DATABASE": str(tmp / "idp.sqlite3"),
        "IDP_OIDC_PRIVATE_KEY": _private_key_pem(),
        "OIDC_IDP_SEED": json.dumps(seed),
    }
    log = tmp / "idp.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.oidc_idp.serve", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the test IdP exited ({proc.returncode}):\n{log.read_text()}")
            try:
                if requests.get(f"{url}/.well-known/openid-configuration", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the test IdP did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield CountyIdP(url, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def federation(county_idp, settings):
    """Our app, configured for the county IdP as settings.py does it from OIDC_SERVER_URL."""

    csp = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    csp["DIRECTIVES"]["form-action"] += idp_form_action_sources(county_idp.url)
    settings.CONTENT_SECURITY_POLICY = csp

    def configure(**kwargs) -> None:
        app = county_oidc_app(server_url=county_idp.url, client_id=CLIENT_ID, secret=CLIENT_SECRET, **kwargs)
        settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [app]}}

    configure()
    return configure


@pytest.fixture
def unit():
    return UnitFactory(name="Vuxenenheten Sundsvall")


def invite(person: dict, unit, role: Role = Role.SOCIAL_WORKER) -> User:
    admin = UserFactory(username="admin")
    MembershipFactory(user=admin, unit=unit, role=Role.COUNTY_ADMIN)
    return staff_invite(
        first_name=person["first_name"],
        last_name=person["last_name"],
        email=person["email"],
        title="Socialsekreterare",
        unit=unit,
        role=role,
        acting_user=admin,
        base_url="http://testserver",
    )


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _csrf(html: str) -> str:
    match = _CSRF.search(html)
    assert match, html
    return match.group(1)


def sign_in_through_idp(app_url: str, email: str) -> tuple[requests.Session, requests.Response]:
    """What a browser does: our sign-in page, the IdP's sign-in, back to us. Returns the last page."""
    browser = requests.Session()
    login_page = browser.get(f"{app_url}/accounts/login/")
    assert login_page.status_code == 200
    # The sign-in page offers the county's IdP.
    assert 'href="/accounts/oidc/county/login/?process=login"' in login_page.text
    confirm = browser.get(f"{app_url}/accounts/oidc/county/login/?process=login")
    # A POST (with our CSRF token) starts the handshake, and the IdP asks who you are.
    idp_login = browser.post(confirm.url, data={"csrfmiddlewaretoken": _csrf(confirm.text)})
    assert idp_login.status_code == 200
    assert "/accounts/login/?next=/identity/o/authorize" in idp_login.url
    assert idp_login.url.startswith("http://127.0.0.1:")
    final = browser.post(
        idp_login.url,
        data={"csrfmiddlewaretoken": _csrf(idp_login.text), "login": email, "password": IDP_PASSWORD},
    )
    return browser, final


def test_invited_staff_member_signs_in_through_the_county_idp(live_server, federation, unit):
    user = invite(INVITED, unit)
    assert not user.has_usable_password()

    browser, page = sign_in_through_idp(live_server.url, INVITED["email"])

    assert page.status_code == 200
    assert page.url == f"{live_server.url}/"
    assert "Vuxenenheten Sundsvall" in page.text
    assert "Anna" in page.text
    # Connected to the IdP's subject, so the next sign-in finds the account even if the address changes.
    account = SocialAccount.objects.get(user=user)
    assert account.provider == "county"
    assert account.extra_data["userinfo"]["email"] == INVITED["email"]
    # Signed in as this member of staff: a page behind sign-in and the second factor answers.
    assert browser.get(f"{live_server.url}/", allow_redirects=False).status_code == 200
    assert User.objects.count() == 2


def test_someone_the_idp_knows_but_no_one_invited_is_refused(live_server, federation, unit):
    invite(INVITED, unit)
    users_before = set(User.objects.values_list("pk", flat=True))

    browser, page = sign_in_through_idp(live_server.url, STRANGER["email"])

    # Refused at our callback ("sign-up is closed"), not sent on to a sign-up form.
    assert page.status_code == 200
    assert urlsplit(page.url).path == "/accounts/oidc/county/login/callback/"
    assert set(User.objects.values_list("pk", flat=True)) == users_before
    assert not User.objects.filter(email__iexact=STRANGER["email"]).exists()
    assert not SocialAccount.objects.exists()
    # Not signed in: the home page sends the browser to sign in.
    home = browser.get(f"{live_server.url}/", allow_redirects=False)
    assert home.status_code == 302
    assert home.headers["Location"].startswith("/accounts/login/")


def test_an_address_the_idp_does_not_vouch_for_signs_no_one_in(live_server, federation, unit):
    user = invite(UNVERIFIED, unit)

    browser, page = sign_in_through_idp(live_server.url, UNVERIFIED["email"])

    assert urlsplit(page.url).path == "/accounts/oidc/county/login/callback/"
    assert not SocialAccount.objects.filter(user=user).exists()
    assert browser.get(f"{live_server.url}/", allow_redirects=False).status_code == 302
    assert User.objects.count() == 2


def test_a_deactivated_member_of_staff_whom_the_idp_still_knows_stays_out(live_server, federation, unit):
    user = invite(INVITED, unit)
    user.is_active = False
    user.save(update_fields=["is_active"])

    browser, page = sign_in_through_idp(live_server.url, INVITED["email"])

    assert urlsplit(page.url).path == "/accounts/inactive/"
    assert browser.get(f"{live_server.url}/", allow_redirects=False).status_code == 302


def test_a_demo_user_whom_the_idp_vouches_for_stays_out_outside_demo_mode(live_server, federation, unit):
    user = invite(INVITED, unit)
    User.objects.filter(pk=user.pk).update(is_demo=True)

    browser, page = sign_in_through_idp(live_server.url, INVITED["email"])

    # The same "sign-up is closed" as for a stranger: nothing tells that the account exists.
    assert urlsplit(page.url).path == "/accounts/oidc/county/login/callback/"
    assert not SocialAccount.objects.exists()
    assert browser.get(f"{live_server.url}/", allow_redirects=False).status_code == 302


def test_an_idp_that_vouches_for_the_county_domain_needs_no_email_verified_claim(live_server, federation, unit):
    federation(verified_email_domains=["sundsvall.invalid"])
    user = invite(UNVERIFIED, unit)

    _, page = sign_in_through_idp(live_server.url, UNVERIFIED["email"])

    assert page.url == f"{live_server.url}/"
    assert SocialAccount.objects.filter(user=user, provider="county").exists()


def test_settings_connect_the_idp_named_in_the_environment():
    """settings.py, as production loads it: the app from OIDC_* and the IdP allowed as a form target."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samverkan.test_settings",
        "OIDC_SERVER_URL": "https://idp.region.invalid/oidc",
        "OIDC_CLIENT_ID": "samverkan",
        "OIDC_CLIENT_SECRET": "secret",
        "OIDC_VERIFIED_EMAIL_DOMAINS": "sundsvall.se,rvn.se",
    }
    script = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps([s.SOCIALACCOUNT_PROVIDERS, s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']]))"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    providers, form_action = json.loads(out.stdout)
    [app] = providers["openid_connect"]["APPS"]
    assert app["provider_id"] == "county"
    assert app["client_id"] == "samverkan"
    assert app["settings"]["server_url"] == "https://idp.region.invalid/oidc"
    assert app["settings"]["email_authentication"] is True
    assert app["settings"]["verified_email"] == ["sundsvall.se", "rvn.se"]
    assert form_action == ["'self'", "https://idp.region.invalid"]


@pytest.fixture
def page(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-background-networking"]
        )
        try:
            yield browser.new_page()
        finally:
            browser.close()
            # With the event loop running, Django keeps the test's connections apart from the ones
            # pytest-django closes: close them here, or PostgreSQL cannot drop the test database.
            connections.close_all()


@pytest.mark.browser
def test_in_a_browser_invited_staff_member_signs_in_with_e_legitimation(live_server, federation, unit, page):
    user = invite(INVITED, unit)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="e-legitimation").click()
    page.locator("main form button[type=submit]").click()
    # The county's IdP asks who you are.
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/accounts/login/"))
    page.locator("input[name=login]").fill(INVITED["email"])
    page.locator("input[name=password]").fill(IDP_PASSWORD)
    page.locator("form button[type=submit]").click()

    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("link", name="Vuxenenheten Sundsvall").is_visible()
    assert SocialAccount.objects.filter(user=user, provider="county").exists()
