"""The demo county: only in demo mode, and loading it twice changes nothing."""

from io import StringIO

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from accounts.models import User
from core import demo
from organisations.models import Membership, Principal, Service, Unit
from tests.personas import sign_in

MODELS = [User, EmailAddress, Authenticator, Membership, Principal, Unit, Service]


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


class LoadDemoTests(TestCase):
    @override_settings(DEMO_MODE=False)
    def test_refuses_outside_demo_mode(self) -> None:
        with self.assertRaisesMessage(CommandError, "SAMVERKAN_DEMO"):
            call_command("load_demo", stdout=StringIO())
        self.assertEqual(User.objects.count(), 0)
        self.assertEqual(Principal.objects.count(), 0)

    @override_settings(DEMO_MODE=True)
    def test_loads_once_and_is_idempotent(self) -> None:
        call_command("load_demo", stdout=StringIO())
        first = row_counts()
        self.assertEqual(first["User"], len(demo.USERS))
        self.assertEqual(first["Unit"], len(demo.UNITS))
        self.assertEqual(first["Principal"], len(demo.PRINCIPALS))
        self.assertTrue(all(first.values()), first)
        self.assertFalse(User.objects.filter(is_demo=False).exists())

        output = StringIO()
        call_command("load_demo", stdout=output)
        self.assertEqual(row_counts(), first)
        self.assertIn("(0 new rows)", output.getvalue())

    @override_settings(DEMO_MODE=True)
    def test_demo_users_are_marked_and_have_a_second_factor(self) -> None:
        call_command("load_demo", stdout=StringIO())
        for user in User.objects.all():
            self.assertTrue(user.is_demo, user.username)
            self.assertTrue(user.check_password(demo.DEMO_PASSWORD), user.username)
            if user.requires_second_factor:
                self.assertTrue(
                    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(), user.username
                )

    @override_settings(DEMO_MODE=True)
    def test_demo_manager_has_a_log_to_review_and_the_chain_holds(self) -> None:
        call_command("load_demo", stdout=StringIO())
        sign_in(self.client, User.objects.get(username="demo.unit_manager"))
        response = self.client.get(reverse("log_review"))
        rows = response.content.decode().split('<tr class="flagged">')
        self.assertGreaterEqual(len(rows), 4, "an emergency access, its read and a refused attempt come first")
        self.assertIn("Nödåtkomst", rows[1])
        self.assertIn("Nekad", response.content.decode())
        out = StringIO()
        call_command("audit_verify", stdout=out)
        self.assertIn("intact", out.getvalue())
