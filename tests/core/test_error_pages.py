"""Error pages in the product's layout: 400, 403, 404, 500 and a failed CSRF check, in both languages,
with a way back and nothing from the request (issue 8, defect 4)."""

import uuid

from django.conf import settings
from django.test import Client, override_settings
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.individuals.base import IndividualTestCase
from tests.personas import CountyTestCase


def _boom(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("secret-detail-that-must-not-show 19121212-1212")


urlpatterns = [path("boom/", _boom)]


def translated(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


class ErrorPageTestCase(CountyTestCase):
    def use_language(self, language: str) -> None:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    def assert_error_page(self, response, status: int, heading: str, language: str, way_back: str) -> str:  # type: ignore[no-untyped-def]
        self.assertEqual(response.status_code, status)
        body = response.content.decode()
        self.assertIn(f'<html lang="{language}">', body)
        self.assertIn('class="site-header"', body)  # the product's layout, not Django's bare page
        self.assertIn('data-testid="error-page"', body)
        self.assertIn(f"<h1>{translated(language, heading)}</h1>", body)
        self.assertIn(f'href="{way_back}" data-testid="way-back"', body)
        self.assertNotIn("Traceback", body)
        self.assertNotIn("Forbidden", body)
        return body


class NotFoundTests(ErrorPageTestCase):
    def test_signed_in_in_swedish_and_english(self) -> None:
        self.sign_in(self.county.social_worker)
        for language in ("sv", "en"):
            with self.subTest(language):
                self.use_language(language)
                response = self.client.get("/no-such-page/?q=19121212-1212")
                body = self.assert_error_page(response, 404, "Page not found", language, reverse("home"))
                self.assertIn('class="site-nav"', body)  # the menu is there to find the way on
                self.assertNotIn("no-such-page", body)  # nothing of the address, not even in a form
                self.assertNotIn("1212", body)
        self.assertIn("Page not found", response.content.decode())

    def test_anonymous_is_offered_sign_in(self) -> None:
        response = self.client.get("/no-such-page/")
        body = self.assert_error_page(response, 404, "Page not found", "sv", reverse("account_login"))
        self.assertNotIn('class="site-nav"', body)

    def test_does_not_print_the_url_configuration(self) -> None:
        response = self.client.get("/no-such-page/")
        self.assertNotContains(response, "URLconf", status_code=404)
        self.assertNotContains(response, "individuals/", status_code=404)

    def test_two_unknown_ids_give_the_same_page(self) -> None:
        # A refusal is compared byte for byte with an unknown id (tests/access/test_matrix.py): the
        # page must not depend on the address.
        self.sign_in(self.county.social_worker)
        first = self.client.get(reverse("individual_detail", args=[uuid.uuid4()]))
        second = self.client.get(reverse("individual_detail", args=[uuid.uuid4()]))
        self.assertEqual(first.status_code, 404)
        from tests.access.test_matrix import normalised

        self.assertEqual(normalised(first.content), normalised(second.content))


class ForbiddenTests(ErrorPageTestCase, IndividualTestCase):
    def test_a_role_without_access_gets_the_products_403(self) -> None:
        self.sign_in(self.county.social_worker)
        individual = self.register()
        for language in ("sv", "en"):
            with self.subTest(language):
                self.use_language(language)
                response = self.client.get(reverse("protection_edit", args=[individual.uuid]))
                body = self.assert_error_page(response, 403, "You cannot open this page", language, reverse("home"))
                self.assertNotIn("Fiktiv", body)
                self.assertNotIn(str(individual.uuid), body)

    def test_county_administrator_at_the_log_review(self) -> None:
        self.sign_in(self.county.admin)
        self.use_language("en")
        response = self.client.get(reverse("log_review"))
        self.assert_error_page(response, 403, "You cannot open this page", "en", reverse("home"))
        self.assertContains(response, "Your role does not give access to this page.", status_code=403)


class CsrfFailureTests(ErrorPageTestCase):
    def test_a_post_without_its_token(self) -> None:
        client = Client(enforce_csrf_checks=True)
        for language in ("sv", "en"):
            with self.subTest(language):
                client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                response = client.post(reverse("account_login"), {"login": "x", "password": "y"})
                body = self.assert_error_page(
                    response, 403, "The form could not be sent", language, reverse("account_login")
                )
                self.assertNotIn("CSRF token", body)  # Django's technical reason stays out
                self.assertNotIn("Referer", body)


@override_settings(ROOT_URLCONF=__name__)
class ServerErrorTests(ErrorPageTestCase):
    def test_no_trace_and_a_way_back(self) -> None:
        self.client.raise_request_exception = False
        for language in ("sv", "en"):
            with self.subTest(language):
                self.use_language(language)
                response = self.client.get("/boom/")
                body = self.assert_error_page(response, 500, "Something went wrong", language, "/")
                self.assertNotIn("secret-detail", body)
                self.assertNotIn("1212", body)
                self.assertNotIn("RuntimeError", body)

    def test_bad_request_has_the_layout_too(self) -> None:
        response = self.client.get("/boom/", headers={"host": "evil.example"})
        self.assert_error_page(response, 400, "The request could not be understood", "sv", "/")
        self.assertNotContains(response, "evil.example", status_code=400)
