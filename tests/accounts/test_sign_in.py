"""Signing in through allauth's real pages: password, then the second factor (security.md, sign-in)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import translation

from tests.accounts.signin import MFA_URL, post_code, post_password, totp_code, wrong_totp_code
from tests.personas import PASSWORD, CountyTestCase


def swedish(message: object) -> str:
    with translation.override("sv"):
        return str(message)


class PasswordThenTotpTests(CountyTestCase):
    def assert_signed_in_as(self, user) -> None:
        self.assertEqual(self.client.session.get(SESSION_KEY), str(user.pk))
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)

    def assert_not_signed_in(self) -> None:
        self.assertIsNone(self.client.session.get(SESSION_KEY))
        response = self.client.get(reverse("home"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def test_username_password_and_totp_code_sign_in(self) -> None:
        user = self.county.social_worker
        response = post_password(self.client, user.username)
        self.assertRedirects(response, MFA_URL, fetch_redirect_response=False)
        # The password alone has not signed anyone in yet.
        self.assert_not_signed_in()
        response = post_code(self.client, totp_code())
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        self.assert_signed_in_as(user)

    def test_email_instead_of_username(self) -> None:
        user = self.county.nurse
        response = post_password(self.client, user.email.upper())
        self.assertRedirects(response, MFA_URL, fetch_redirect_response=False)
        post_code(self.client, totp_code())
        self.assert_signed_in_as(user)

    def test_wrong_password_is_refused(self) -> None:
        response = post_password(self.client, self.county.nurse.username, "not the password at all")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.context["form"].is_valid())
        self.assert_not_signed_in()

    def test_wrong_totp_code_is_refused(self) -> None:
        post_password(self.client, self.county.manager.username)
        response = post_code(self.client, wrong_totp_code())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, swedish(DefaultMFAAdapter.error_messages["incorrect_code"]))
        self.assert_not_signed_in()

    def test_a_used_totp_code_cannot_be_replayed(self) -> None:
        user = self.county.manager
        code = totp_code()
        post_password(self.client, user.username)
        post_code(self.client, code)
        self.assert_signed_in_as(user)
        other = self.client_class()
        post_password(other, user.username)
        response = post_code(other, code)
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(other.session.get(SESSION_KEY))

    def test_recovery_code_works_once(self) -> None:
        user = self.county.admin
        codes = RecoveryCodes.activate(user).generate_codes()
        post_password(self.client, user.username)
        response = post_code(self.client, codes[0])
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        self.assert_signed_in_as(user)

        again = self.client_class()
        post_password(again, user.username)
        response = post_code(again, codes[0])
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(again.session.get(SESSION_KEY))

    def test_inactive_user_cannot_sign_in(self) -> None:
        user = self.county.colleague
        user.is_active = False
        user.save()
        response = post_password(self.client, user.username)
        self.assertNotEqual(response.get("Location"), MFA_URL)
        self.assert_not_signed_in()


class LockoutTests(CountyTestCase):
    """Five failed passwords for one account lock it for five minutes (ACCOUNT_RATE_LIMITS)."""

    def test_sixth_attempt_is_refused_even_with_the_right_password(self) -> None:
        target = self.county.social_worker
        for _ in range(5):
            response = post_password(self.client, target.username, "wrong password guess")
            self.assertEqual(response.status_code, 200)
            self.assertNotContains(response, swedish(DefaultAccountAdapter.error_messages["too_many_login_attempts"]))
        response = post_password(self.client, target.username, PASSWORD)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, swedish(DefaultAccountAdapter.error_messages["too_many_login_attempts"]))
        self.assertIsNone(self.client.session.get(SESSION_KEY))
        self.assertNotEqual(response.get("Location"), MFA_URL)

        # The e-mail address is the same account: also locked.
        response = post_password(self.client_class(), target.email, PASSWORD)
        self.assertContains(response, swedish(DefaultAccountAdapter.error_messages["too_many_login_attempts"]))

    def test_other_accounts_are_unaffected(self) -> None:
        for _ in range(6):
            post_password(self.client, self.county.social_worker.username, "wrong password guess")
        other = self.client_class()
        response = post_password(other, self.county.nurse.username)
        self.assertRedirects(response, MFA_URL, fetch_redirect_response=False)
        post_code(other, totp_code())
        self.assertEqual(other.session.get(SESSION_KEY), str(self.county.nurse.pk))
