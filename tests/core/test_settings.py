"""Production settings: `check --deploy` is clean, headers are strict, the environment is read strictly."""

import base64
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse
from django.utils.crypto import get_random_string

from samverkan import env
from tests.personas import CountyTestCase

BASE_DIR = Path(settings.BASE_DIR)


def run_manage(args: list[str], extra_env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process with only the given environment (no test settings leak in)."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "SAMVERKAN_VAR_DIR": str(tmp_path / "var"),
        **extra_env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env() -> dict[str, str]:
    return {
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": get_random_string(
            50, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#%^&*-_=+"
        ),
        "ALLOWED_HOSTS": "samverkan.example.se",
        "DJANGO_SETTINGS_MODULE": "samverkan.settings",
        # Keys for personal data live outside the database; production must be given them.
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode("ascii"),
        "IDENTITY_HASH_KEY": get_random_string(50),
        "AUDIT_LOG_KEYS": "k1:" + get_random_string(50),
        "AUDIT_CHECKPOINT_SIGNING_KEY": base64.b64encode(os.urandom(32)).decode("ascii"),
    }


def test_check_deploy_is_clean_in_production_settings(tmp_path: Path) -> None:
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], production_env(), tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output and "security.W" not in output, output


def test_production_refuses_to_start_with_a_bad_setting(tmp_path: Path) -> None:
    result = run_manage(["check"], {**production_env(), "DJANGO_DEBUG": "maybe"}, tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DJANGO_DEBUG" in result.stderr, result.stderr


@pytest.mark.django_db
def test_no_missing_migrations() -> None:
    output = StringIO()
    try:
        call_command("makemigrations", check=True, dry_run=True, stdout=output, stderr=output)
    except SystemExit:
        pytest.fail("Models have changes without a migration:\n" + output.getvalue())
    assert "No changes detected" in output.getvalue()


# --- Strict reading of the environment (samverkan/env.py) -------------------------------------


def test_boolean_accepts_the_usual_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    for value, expected in [("1", True), ("yes", True), ("ON", True), ("true", True), ("0", False), ("off", False)]:
        monkeypatch.setenv("DJANGO_DEBUG", value)
        assert env.boolean("DJANGO_DEBUG", not expected) is expected
    monkeypatch.delenv("DJANGO_DEBUG")
    assert env.boolean("DJANGO_DEBUG", False) is False


def test_boolean_refuses_anything_else(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        env.boolean("DJANGO_DEBUG", False)


def test_integer_refuses_bad_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SESSION_IDLE_SECONDS", "30min")
    with pytest.raises(ImproperlyConfigured, match="SESSION_IDLE_SECONDS"):
        env.integer("SESSION_IDLE_SECONDS", 1800, minimum=60)
    monkeypatch.setenv("SESSION_IDLE_SECONDS", "10")
    with pytest.raises(ImproperlyConfigured, match="between"):
        env.integer("SESSION_IDLE_SECONDS", 1800, minimum=60)
    monkeypatch.setenv("SESSION_IDLE_SECONDS", " 900 ")
    assert env.integer("SESSION_IDLE_SECONDS", 1800, minimum=60) == 900


def test_required_string_must_be_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAMVERKAN_TEST_REQUIRED", raising=False)
    monkeypatch.delenv("SAMVERKAN_TEST_REQUIRED_FILE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SAMVERKAN_TEST_REQUIRED"):
        env.string("SAMVERKAN_TEST_REQUIRED")
    assert env.string("SAMVERKAN_TEST_REQUIRED", "fallback") == "fallback"


def test_values_can_come_from_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "secret_key"
    secret.write_text("from-a-docker-secret\n", encoding="utf-8")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    assert env.string("SECRET_KEY") == "from-a-docker-secret"

    hosts = tmp_path / "hosts"
    hosts.write_text("a.example.se, b.example.se\n", encoding="utf-8")
    monkeypatch.setenv("ALLOWED_HOSTS_FILE", str(hosts))
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    assert env.string_list("ALLOWED_HOSTS", []) == ["a.example.se", "b.example.se"]

    port = tmp_path / "port"
    port.write_text("587", encoding="utf-8")
    monkeypatch.setenv("EMAIL_PORT_FILE", str(port))
    monkeypatch.delenv("EMAIL_PORT", raising=False)
    assert env.integer("EMAIL_PORT", 25) == 587


def test_file_and_value_together_or_a_missing_file_are_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "secret_key"
    secret.write_text("x", encoding="utf-8")
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    monkeypatch.setenv("SECRET_KEY", "also-set")
    with pytest.raises(ImproperlyConfigured, match="not both"):
        env.string("SECRET_KEY")
    monkeypatch.delenv("SECRET_KEY")
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_FILE"):
        env.string("SECRET_KEY")


# --- Security headers on real pages -----------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+=\"", re.IGNORECASE)


class SecurityHeaderTests(CountyTestCase):
    def assert_strict_headers(self, response, url: str) -> None:
        csp = response.headers.get("Content-Security-Policy")
        self.assertIsNotNone(csp, url)
        self.assertNotIn("unsafe-inline", csp, url)
        self.assertNotIn("unsafe-eval", csp, url)
        self.assertIn("default-src 'self'", csp, url)
        self.assertIn("script-src 'self'", csp, url)
        self.assertIn("frame-ancestors 'none'", csp, url)
        self.assertIn("object-src 'none'", csp, url)
        self.assertEqual(response.headers.get("X-Frame-Options"), "DENY", url)
        self.assertEqual(response.headers.get("X-Content-Type-Options"), "nosniff", url)
        self.assertEqual(response.headers.get("Referrer-Policy"), "same-origin", url)
        self.assertEqual(response.headers.get("Cross-Origin-Opener-Policy"), "same-origin", url)

    def assert_nothing_inline(self, response, url: str) -> None:
        # The policy forbids inline code, so pages that had any would silently break.
        html = response.content.decode()
        self.assertIsNone(INLINE_SCRIPT.search(html), url)
        self.assertIsNone(INLINE_STYLE.search(html), url)
        self.assertIsNone(INLINE_HANDLER.search(html), url)

    def test_anonymous_pages(self) -> None:
        for url in (reverse("account_login"), reverse("account_signup"), reverse("account_reset_password")):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assert_strict_headers(response, url)
            self.assert_nothing_inline(response, url)
        response = self.client.get(reverse("home"))
        self.assertEqual(response.status_code, 302)
        self.assert_strict_headers(response, "redirect")

    def test_signed_in_pages(self) -> None:
        self.sign_in(self.county.admin)
        urls = [
            reverse("home"),
            reverse("unit_list"),
            reverse("unit_detail", args=[self.county.adult_unit.uuid]),
            reverse("principal_list"),
            reverse("staff_list"),
            reverse("staff_invite"),
            reverse("account_settings"),
            reverse("usersessions_list"),
            reverse("mfa_index"),
        ]
        for url in urls:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assert_strict_headers(response, url)
            self.assert_nothing_inline(response, url)

    def test_error_pages(self) -> None:
        self.sign_in(self.county.social_worker)
        for url, status in ((reverse("staff_invite"), 403), ("/no-such-page/", 404)):
            response = self.client.get(url)
            self.assertEqual(response.status_code, status, url)
            self.assert_strict_headers(response, url)
