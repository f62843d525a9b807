"""The Django admin shows no one's second factor or session, sets no one's password, and every
change there needs a second factor proven in the last few minutes (issue 7, section 2)."""

import re
from io import StringIO

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.utils import decrypt
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from audit.models import Action, AuditEntry, Ground
from tests.accounts.signin import post_code, post_password, sign_in_fresh, totp_code
from tests.factories import UserFactory
from tests.personas import PASSWORD, CountyTestCase, with_second_factor


class AdminSecretsTests(CountyTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.root = with_second_factor(UserFactory(username="root", is_superuser=True, is_staff=True))
        cls.victim = cls.county.nurse
        cls.codes = RecoveryCodes.activate(cls.victim)

    def secrets(self) -> list[str]:
        """Everything allauth stores that would let someone act as the nurse, decoded."""
        totp = Authenticator.objects.get(user=self.victim, type=Authenticator.Type.TOTP)
        codes = Authenticator.objects.get(user=self.victim, type=Authenticator.Type.RECOVERY_CODES)
        values = [decrypt(totp.data["secret"]), totp.data["secret"], codes.data["seed"], decrypt(codes.data["seed"])]
        values += codes.wrap().generate_codes()
        session = Client()
        post_password(session, self.victim.username)
        post_code(session, totp_code())
        values += list(UserSession.objects.filter(user=self.victim).values_list("session_key", flat=True))
        self.assertGreater(len(values), 10)
        return values

    def admin_pages(self) -> list[str]:
        pages = [reverse("admin:index")]
        for model in admin.site._registry:
            meta = model._meta
            pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
            for pk in model._default_manager.values_list("pk", flat=True)[:20]:
                pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk]))
        return pages

    def test_no_admin_page_shows_a_secret_code_or_session(self) -> None:
        secrets = self.secrets()
        authenticator = Authenticator.objects.filter(user=self.victim).first()
        assert authenticator is not None
        direct = [f"/admin/mfa/authenticator/{authenticator.pk}/change/", "/admin/mfa/authenticator/",
                  "/admin/usersessions/usersession/", "/admin/socialaccount/socialtoken/"]  # fmt: skip
        for who in (self.root, self.county.admin):
            self.sign_in(who)
            pages = self.admin_pages()
            self.assertGreater(len(pages), 20)
            for url in pages + direct:
                response = self.client.get(url, follow=True)
                body = response.content.decode()
                for secret in secrets:
                    self.assertNotIn(secret, body, f"{who}: {url}")
        # The superuser does reach the admin; the county administrator (not staff) does not.
        self.sign_in(self.root)
        self.assertEqual(self.client.get(reverse("admin:accounts_user_changelist")).status_code, 200)
        for url in direct:
            self.assertEqual(self.client.get(url).status_code, 404, url)
        with self.assertRaises(NoReverseMatch):
            reverse("admin:mfa_authenticator_changelist")
        self.sign_in(self.county.admin)
        self.assertEqual(self.client.get(reverse("admin:index")).status_code, 302)


class AdminPasswordTests(CountyTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.root = with_second_factor(UserFactory(username="root", is_superuser=True, is_staff=True))

    def test_the_admin_cannot_set_a_password(self) -> None:
        victim = self.county.nurse
        before = User.objects.get(pk=victim.pk).password
        sign_in_fresh(self.client, self.root)
        url = reverse("admin:auth_user_password_change", args=[victim.pk])
        self.assertEqual(url, f"/admin/accounts/user/{victim.pk}/password/")
        self.assertEqual(self.client.get(url).status_code, 403)
        new = "satt av administratören 123"
        self.assertEqual(self.client.post(url, {"password1": new, "password2": new}).status_code, 403)
        # The change page has no password field or link, and posting one changes nothing.
        change = reverse("admin:accounts_user_change", args=[victim.pk])
        page = self.client.get(change)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("password", page.context["adminform"].form.fields)
        self.assertNotIn("../password/", page.content.decode())
        form = {"username": victim.username, "email": victim.email, "first_name": "N", "last_name": "P",
                "is_active": "on", "password": "md5$x$y", "memberships-TOTAL_FORMS": "0",
                "memberships-INITIAL_FORMS": "0"}  # fmt: skip
        self.client.post(change, form)
        self.assertEqual(User.objects.get(pk=victim.pk).password, before)
        # Nor can it create an account with a password of its choosing.
        self.assertEqual(self.client.get(reverse("admin:accounts_user_add")).status_code, 403)
        self.assertFalse(User.objects.exclude(password=before).filter(pk=victim.pk).exists())

    def test_admin_actions_send_a_link_and_reset_the_second_factor(self) -> None:
        victim = self.county.nurse
        sign_in_fresh(self.client, self.root)
        changelist = reverse("admin:accounts_user_changelist")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(changelist, {"action": "send_password_link", "_selected_action": [victim.pk]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, [victim.email])
        self.assertRegex(mail.outbox[0].body, r"/accounts/password/reset/key/")
        response = self.client.post(changelist, {"action": "reset_second_factor", "_selected_action": [victim.pk]})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Authenticator.objects.filter(user=victim).exists())
        # A second time there is nothing to reset: said on the page, not an error page.
        self.client.cookies["django_language"] = "en"
        response = self.client.post(
            changelist, {"action": "reset_second_factor", "_selected_action": [victim.pk]}, follow=True
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "no two-step verification to reset")
        events = AuditEntry.objects.filter(action=Action.ROLE_CHANGE, object_id=str(victim.pk), user=self.root)
        found = {e.details.get("event") for e in events}
        self.assertLessEqual({"password_reset_sent", "second_factor_reset", "second_factor_removed"}, found)
        self.assertEqual({e.ground for e in events}, {Ground.ADMINISTRATION})


class AdminFreshSecondFactorTests(CountyTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.root = with_second_factor(UserFactory(username="root", is_superuser=True, is_staff=True))

    def deactivate(self, user: User):  # type: ignore[no-untyped-def]
        url = reverse("admin:accounts_user_changelist")
        return self.client.post(url, {"action": "reset_second_factor", "_selected_action": [user.pk]})

    def test_a_change_in_the_admin_needs_a_fresh_second_factor(self) -> None:
        victim = self.county.nurse
        self.sign_in(self.root)  # proved the second factor long ago
        self.assertEqual(self.client.get(reverse("admin:accounts_user_changelist")).status_code, 200)
        response = self.deactivate(victim)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("mfa_reauthenticate")))
        self.assertTrue(Authenticator.objects.filter(user=victim).exists())
        # The code replays the kept request (allauth's reauthentication flow).
        page = self.client.get(response["Location"])
        self.assertEqual(page.status_code, 200)
        response = self.client.post(response["Location"], {"code": totp_code()})
        self.assertFalse(Authenticator.objects.filter(user=victim).exists())
        # Within the next minutes further changes go through.
        victim2 = self.county.colleague
        with_second_factor(victim2)
        self.assertEqual(self.deactivate(victim2).status_code, 302)
        self.assertFalse(Authenticator.objects.filter(user=victim2).exists())

    def test_a_password_alone_is_not_enough(self) -> None:
        self.sign_in(self.root)
        response = self.client.get(self.deactivate(self.county.nurse)["Location"])
        self.assertNotIn('name="password"', response.content.decode())
        response = self.client.post(reverse("mfa_reauthenticate"), {"password": PASSWORD})
        self.assertTrue(Authenticator.objects.filter(user=self.county.nurse).exists())

    def test_sign_out_of_the_admin_needs_nothing_more(self) -> None:
        self.sign_in(self.root)
        response = self.client.post(reverse("admin:logout"))
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(self.client.session.get("_auth_user_id"))


class DemoAdministratorTests(TestCase):
    @override_settings(DEMO_MODE=True)
    def test_the_demo_county_administrator_is_not_a_superuser(self) -> None:
        call_command("load_demo", stdout=StringIO())
        admin_user = User.objects.get(username="demo.county_admin")
        self.assertFalse(admin_user.is_superuser)
        self.assertFalse(admin_user.is_staff)
        self.assertFalse(User.objects.filter(is_demo=True, is_superuser=True).exists())
        self.assertIsNotNone(re.match(r"demo\.", admin_user.username))
        # A demo database from before is corrected on the next load, and the change is logged.
        User.objects.filter(pk=admin_user.pk).update(is_staff=True, is_superuser=True)
        call_command("load_demo", stdout=StringIO())
        admin_user.refresh_from_db()
        self.assertFalse(admin_user.is_superuser or admin_user.is_staff)
        change = AuditEntry.objects.filter(action=Action.ROLE_CHANGE, object_id=str(admin_user.pk)).latest("id")
        self.assertEqual(change.details["new"], {"is_staff": False, "is_superuser": False})
