"""Sessions end after 30 minutes without activity, and a user can end their other sessions."""

from datetime import timedelta

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.accounts.signin import post_code, post_password, totp_code
from tests.personas import CountyTestCase, sign_in


class SessionExpiryTests(CountyTestCase):
    def session_row(self) -> Session:
        return Session.objects.get(session_key=self.client.session.session_key)

    def assert_sent_to_sign_in(self) -> None:
        response = self.client.get(reverse("home"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def test_idle_timeout_settings(self) -> None:
        self.assertEqual(settings.SESSION_COOKIE_AGE, 1800)
        self.assertTrue(settings.SESSION_SAVE_EVERY_REQUEST)
        self.assertTrue(settings.SESSION_COOKIE_HTTPONLY)
        self.assertFalse(settings.ACCOUNT_SESSION_REMEMBER)

    def test_each_request_moves_the_expiry_forward(self) -> None:
        self.sign_in(self.county.social_worker)
        row = self.session_row()
        row.expire_date = timezone.now() + timedelta(minutes=2)
        row.save()
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
        remaining = self.session_row().expire_date - timezone.now()
        self.assertGreater(remaining, timedelta(minutes=29))
        self.assertLessEqual(remaining, timedelta(seconds=1800))

    def test_a_session_past_its_expiry_is_no_longer_signed_in(self) -> None:
        self.sign_in(self.county.social_worker)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
        Session.objects.filter(session_key=self.client.session.session_key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
        self.assert_sent_to_sign_in()

    def test_thirty_minutes_idle_after_a_real_sign_in(self) -> None:
        post_password(self.client, self.county.nurse.username)
        post_code(self.client, totp_code())
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
        row = self.session_row()
        # The last request set the expiry to 30 minutes ahead; move the clock of that request back 30 minutes.
        row.expire_date -= timedelta(seconds=settings.SESSION_COOKIE_AGE)
        row.save()
        self.assert_sent_to_sign_in()

    def test_set_expiry_in_the_past(self) -> None:
        self.sign_in(self.county.social_worker)
        session = self.client.session
        session.set_expiry(timezone.now() - timedelta(minutes=1))
        session.save()
        self.assert_sent_to_sign_in()


class SignOutEverywhereTests(CountyTestCase):
    def test_ending_other_sessions(self) -> None:
        user = self.county.social_worker
        laptop, phone, other_user = self.client_class(), self.client_class(), self.client_class()
        for client in (laptop, phone):
            self.sign_in_with(client, user)
        self.sign_in_with(other_user, self.county.nurse)
        for client in (laptop, phone, other_user):
            # allauth records a session at sign-in and on every request (USERSESSIONS_TRACK_ACTIVITY).
            self.assertEqual(client.get(reverse("home")).status_code, 200)
        self.assertEqual(UserSession.objects.filter(user=user).count(), 2)

        response = laptop.get(reverse("usersessions_list"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["session_count"], 2)
        response = laptop.post(reverse("usersessions_list"))
        self.assertRedirects(response, reverse("usersessions_list"), fetch_redirect_response=False)

        self.assertEqual(laptop.get(reverse("home")).status_code, 200)
        response = phone.get(reverse("home"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("account_login")))
        self.assertIsNone(phone.session.get(SESSION_KEY))
        self.assertEqual(UserSession.objects.filter(user=user).count(), 1)
        # Someone else's session is untouched.
        self.assertEqual(other_user.get(reverse("home")).status_code, 200)

    def test_sign_out_ends_the_session(self) -> None:
        self.sign_in(self.county.social_worker)
        key = self.client.session.session_key
        self.assertEqual(self.client.post(reverse("account_logout")).status_code, 302)
        self.assertFalse(Session.objects.filter(session_key=key).exists())
        self.assertEqual(self.client.get(reverse("home")).status_code, 302)

    @staticmethod
    def sign_in_with(client, user) -> None:
        sign_in(client, user)
