"""No self-registration, CSRF on every form, and demo users only in demo mode."""

from django.contrib.auth import SESSION_KEY
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from tests.accounts.signin import LOGIN_URL, MFA_URL, post_code, post_password, totp_code
from tests.factories import MembershipFactory, UserFactory
from tests.personas import PASSWORD, CountyTestCase, with_second_factor


class NoSelfRegistrationTests(CountyTestCase):
    def test_signup_page_is_closed(self) -> None:
        response = self.client.get(reverse("account_signup"))
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "account/signup_closed.html")
        self.assertNotContains(response, 'name="password1"')

    def test_posting_the_signup_form_creates_no_user(self) -> None:
        before = User.objects.count()
        response = self.client.post(
            reverse("account_signup"),
            {
                "username": "intruder",
                "email": "intruder@example.invalid",
                "password1": "a long enough password 123",
                "password2": "a long enough password 123",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "account/signup_closed.html")
        self.assertEqual(User.objects.count(), before)
        self.assertFalse(User.objects.filter(username="intruder").exists())
        self.assertIsNone(self.client.session.get(SESSION_KEY))


class CsrfTests(CountyTestCase):
    def setUp(self) -> None:
        self.client = Client(enforce_csrf_checks=True)

    def test_product_form_without_token_is_403(self) -> None:
        self.sign_in(self.county.admin)
        users = User.objects.count()
        response = self.client.post(
            reverse("staff_invite"),
            {
                "first_name": "Ny",
                "last_name": "Person",
                "email": "ny.person@example.invalid",
                "unit": str(self.county.adult_unit.uuid),
                "role": "social_worker",
            },
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(User.objects.count(), users)
        response = self.client.post(reverse("unit_create"), {"name": "Smuggled"})
        self.assertEqual(response.status_code, 403)

    def test_sign_in_form_without_token_is_403(self) -> None:
        response = self.client.post(LOGIN_URL, {"login": self.county.nurse.username, "password": PASSWORD})
        self.assertEqual(response.status_code, 403)

    def test_with_the_token_the_form_is_accepted(self) -> None:
        # The same client passes once it sends the token it was given: the 403 above is about the token.
        self.sign_in(self.county.admin)
        page = self.client.get(reverse("staff_invite"))
        token = page.context["csrf_token"]
        response = self.client.post(
            reverse("staff_invite"),
            {
                "csrfmiddlewaretoken": str(token),
                "first_name": "Ny",
                "last_name": "Person",
                "email": "ny.person@example.invalid",
                "unit": str(self.county.adult_unit.uuid),
                "role": "social_worker",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(User.objects.filter(email="ny.person@example.invalid").exists())


class DemoUserTests(CountyTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.demo_user = with_second_factor(UserFactory(username="demo.socialworker", is_demo=True))
        MembershipFactory(user=cls.demo_user, unit=cls.county.adult_unit)

    @override_settings(DEMO_MODE=False)
    def test_demo_user_cannot_sign_in_outside_demo_mode(self) -> None:
        response = post_password(self.client, self.demo_user.username)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.context["form"].is_valid())
        self.assertIsNone(self.client.session.get(SESSION_KEY))
        self.assertEqual(self.client.get(MFA_URL).status_code, 302)
        # Nothing tells the right password from a wrong one.
        wrong = post_password(Client(), self.demo_user.username, "not the demo password")
        self.assertEqual(response.context["form"].non_field_errors(), wrong.context["form"].non_field_errors())
        # Ordinary staff still can.
        self.assertRedirects(
            post_password(Client(), self.county.nurse.username), MFA_URL, fetch_redirect_response=False
        )

    @override_settings(DEMO_MODE=True)
    def test_demo_user_can_sign_in_in_demo_mode(self) -> None:
        response = post_password(self.client, self.demo_user.email)
        self.assertRedirects(response, MFA_URL, fetch_redirect_response=False)
        post_code(self.client, totp_code())
        self.assertEqual(self.client.session.get(SESSION_KEY), str(self.demo_user.pk))
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)

    def test_a_demo_session_ends_when_demo_mode_is_switched_off(self) -> None:
        with override_settings(DEMO_MODE=True):
            self.sign_in(self.demo_user)
            self.assertEqual(self.client.get(reverse("home")).status_code, 200)
        with override_settings(DEMO_MODE=False):
            response = self.client.get(reverse("home"))
            self.assertEqual(response.status_code, 302)
            self.assertTrue(response["Location"].startswith(LOGIN_URL))
