"""Staff invitation end to end: the county administrator invites, the e-mail link sets a password,
and the first sign-in leads through setting up the second factor."""

import re

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client, TransactionTestCase
from django.urls import reverse

from accounts.models import User
from organisations.models import Membership
from organisations.roles import Role
from tests.accounts.signin import post_password, totp_code, wrong_totp_code
from tests.factories import MembershipFactory
from tests.personas import CountyTestCase

NEW_PASSWORD = "a fresh and long staff password 42"
LINK = re.compile(r"https?://testserver(/accounts/password/reset/key/\S+)")


class StaffInvitationTests(CountyTestCase):
    def invite_form(self, **overrides: str) -> dict[str, str]:
        return {
            "first_name": "Alva",
            "last_name": "Nyberg",
            "email": "Alva.Nyberg@Sundsvall.example.se",
            "title": "Socialsekreterare",
            "unit": str(self.county.adult_unit.uuid),
            "role": Role.SOCIAL_WORKER.value,
            **overrides,
        }

    def invite(self, **overrides: str):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(reverse("staff_invite"), self.invite_form(**overrides))

    def test_invitation_to_first_sign_in(self) -> None:
        self.sign_in(self.county.admin)
        response = self.invite()
        self.assertRedirects(response, reverse("staff_list"), fetch_redirect_response=False)

        user = User.objects.get(email="alva.nyberg@sundsvall.example.se")
        self.assertEqual(user.username, user.email)
        self.assertFalse(user.has_usable_password())
        self.assertTrue(EmailAddress.objects.filter(user=user, email=user.email, verified=True, primary=True).exists())
        membership = Membership.objects.get(user=user)
        self.assertEqual((membership.unit, membership.role), (self.county.adult_unit, Role.SOCIAL_WORKER))

        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, [user.email])
        match = LINK.search(message.body)
        self.assertIsNotNone(match, message.body)
        link = match.group(1)

        # The invited person, in their own browser, follows the link and chooses a password.
        alva = Client()
        response = alva.get(link)
        self.assertEqual(response.status_code, 302)
        form_url = response["Location"]
        self.assertEqual(alva.get(form_url).status_code, 200)
        response = alva.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        self.assertRedirects(response, reverse("account_reset_password_from_key_done"), fetch_redirect_response=False)
        # The invitation ends at sign-in: the page after the password leads there.
        done = alva.get(reverse("account_reset_password_from_key_done"))
        self.assertContains(done, f'href="{reverse("account_login")}"')
        user.refresh_from_db()
        self.assertTrue(user.check_password(NEW_PASSWORD))
        self.assertIsNone(alva.session.get(SESSION_KEY))

        # The link works once.
        used = Client().get(link, follow=True)
        self.assertTrue(used.context["token_fail"])

        # First sign-in, with the e-mail address: the role needs a second factor, so set one up first.
        post_password(alva, user.email, NEW_PASSWORD)
        self.assertEqual(alva.session.get(SESSION_KEY), str(user.pk))
        for url in (reverse("home"), reverse("staff_list")):
            self.assertRedirects(alva.get(url), reverse("mfa_activate_totp"), fetch_redirect_response=False)
        # ... where the password just given is not asked for again.
        self.assertEqual(alva.get(reverse("mfa_activate_totp")).status_code, 200)

    def test_invitation_in_english_is_written_in_english(self) -> None:
        self.sign_in(self.county.admin)
        self.client.cookies["django_language"] = "en"
        self.invite()
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].subject, "You are invited to Samverkan")

    def test_the_same_email_cannot_be_invited_twice(self) -> None:
        self.sign_in(self.county.admin)
        response = self.invite(email=self.county.nurse.email.upper())
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].has_error("email"))
        self.assertEqual(len(mail.outbox), 0)
        self.assertEqual(User.objects.filter(email__iexact=self.county.nurse.email).count(), 1)

    def test_non_admins_get_403(self) -> None:
        users = User.objects.count()
        for name, persona in self.county.staff.items():
            if name == "admin":
                continue
            self.sign_in(persona)
            self.assertEqual(self.client.get(reverse("staff_invite")).status_code, 403, name)
            response = self.invite(email=f"{name}.guest@example.invalid")
            self.assertEqual(response.status_code, 403, name)
        self.assertEqual(User.objects.count(), users)
        self.assertEqual(len(mail.outbox), 0)

    def test_anonymous_is_sent_to_sign_in(self) -> None:
        response = self.invite()
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("account_login")))
        self.assertFalse(User.objects.filter(email="alva.nyberg@sundsvall.example.se").exists())


class FirstEnrolmentTests(TransactionTestCase):
    """Setting up TOTP proves the factor for the session (accounts.signals).

    allauth announces the new authenticator once its transaction commits, still inside the request;
    a TestCase never commits, so this one runs with real commits.
    """

    def test_enrolment_opens_the_product(self) -> None:
        user = MembershipFactory(role=Role.NURSE).user
        client = Client()
        post_password(client, user.username)
        self.assertRedirects(client.get(reverse("home")), reverse("mfa_activate_totp"), fetch_redirect_response=False)

        # Just signed in with the password: the set-up page does not ask for it again.
        self.assertEqual(client.get(reverse("mfa_activate_totp")).status_code, 200)
        secret = client.session[SECRET_SESSION_KEY]

        response = client.post(reverse("mfa_activate_totp"), {"code": wrong_totp_code(secret)})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Authenticator.objects.filter(user=user).exists())
        self.assertRedirects(client.get(reverse("home")), reverse("mfa_activate_totp"), fetch_redirect_response=False)

        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
        self.assertRedirects(response, reverse("mfa_view_recovery_codes"), fetch_redirect_response=False)
        self.assertTrue(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())
        records = client.session["account_authentication_methods"]
        self.assertIn("mfa", [r["method"] for r in records])
        # The recovery codes are shown without a further password, and lead on into the product.
        codes = client.get(reverse("mfa_view_recovery_codes"))
        self.assertEqual(codes.status_code, 200)
        self.assertContains(codes, f'href="{reverse("home")}"')
        self.assertEqual(client.get(reverse("home")).status_code, 200)
