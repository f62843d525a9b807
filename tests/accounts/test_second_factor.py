"""Everyone whose role can reach personal data must have, and have used, a second factor."""

from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from organisations.roles import Role
from tests.accounts.signin import post_password
from tests.factories import MembershipFactory, UserFactory
from tests.personas import CountyTestCase

SETUP_URL = reverse("mfa_activate_totp")


class SecondFactorRequiredTests(CountyTestCase):
    def product_pages(self) -> list[str]:
        return [
            reverse("home"),
            reverse("unit_list"),
            reverse("unit_detail", args=[self.county.adult_unit.uuid]),
            reverse("principal_list"),
            reverse("principal_detail", args=[self.county.sundsvall.uuid]),
            reverse("staff_list"),
            reverse("staff_invite"),
            reverse("account_settings"),
            reverse("admin:index"),
        ]

    def new_staff(self, role: Role):
        user = UserFactory(username=f"new_{role.value}")
        MembershipFactory(user=user, unit=self.county.adult_unit, role=role)
        self.assertFalse(Authenticator.objects.filter(user=user).exists())
        return user

    def test_roles_with_personal_data_or_administration_require_it(self) -> None:
        for role in Role:
            expected = role.sees_personal_data or role.administers_county
            self.assertEqual(role.requires_second_factor, expected, role)
        self.assertTrue(self.new_staff(Role.SOCIAL_WORKER).requires_second_factor)
        self.assertFalse(self.new_staff(Role.ANALYST).requires_second_factor)
        self.assertTrue(UserFactory(username="root", is_superuser=True).requires_second_factor)

    def test_without_an_authenticator_every_product_page_leads_to_setup(self) -> None:
        user = self.new_staff(Role.SOCIAL_WORKER)
        response = post_password(self.client, user.username)
        # No second factor to ask for yet: signed in, but only as far as the set-up page.
        self.assertEqual(self.client.session.get(SESSION_KEY), str(user.pk))
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        for url in self.product_pages():
            response = self.client.get(url)
            self.assertRedirects(response, SETUP_URL, fetch_redirect_response=False, msg_prefix=url)
            self.assertEqual(self.client.post(url, {}).status_code, 302, url)
        # The set-up page itself is reachable, without the password a second time (just given).
        self.assertEqual(self.client.get(SETUP_URL).status_code, 200)

    def test_setup_after_an_old_sign_in_asks_for_the_password_again(self) -> None:
        user = self.new_staff(Role.SOCIAL_WORKER)
        self.sign_in(user, second_factor=False)  # a password record from long ago
        response = self.client.get(SETUP_URL)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("account_reauthenticate")))
        self.assertEqual(self.client.get(response["Location"]).status_code, 200)

    def test_superuser_without_an_authenticator_is_sent_to_setup(self) -> None:
        user = UserFactory(username="root", is_superuser=True, is_staff=True)
        post_password(self.client, user.username)
        self.assertRedirects(self.client.get(reverse("admin:index")), SETUP_URL, fetch_redirect_response=False)

    def test_password_only_session_of_a_user_with_totp_is_signed_out(self) -> None:
        for url in self.product_pages():
            self.sign_in(self.county.social_worker, second_factor=False)
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertTrue(response["Location"].startswith(reverse("account_login")), url)
            self.assertIsNone(self.client.session.get(SESSION_KEY), url)

    def test_the_same_user_with_the_second_factor_gets_in(self) -> None:
        self.sign_in(self.county.social_worker)
        for url in self.product_pages()[:-1]:
            self.assertIn(self.client.get(url).status_code, {200, 403}, url)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)

    def test_analyst_is_not_forced(self) -> None:
        analyst = self.county.analyst
        self.assertFalse(Authenticator.objects.filter(user=analyst).exists())
        response = post_password(self.client, analyst.username)
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        for url in (reverse("home"), reverse("unit_list"), reverse("staff_list"), reverse("account_settings")):
            self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_a_new_care_role_makes_the_analyst_need_it(self) -> None:
        analyst = self.county.analyst
        MembershipFactory(user=analyst, unit=self.county.adult_unit, role=Role.SOCIAL_WORKER)
        self.sign_in(analyst, second_factor=False)
        self.assertRedirects(self.client.get(reverse("home")), SETUP_URL, fetch_redirect_response=False)
