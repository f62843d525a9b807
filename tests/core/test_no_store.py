"""No browser or proxy keeps a page with personal data or a staff page (issue 7 §6): every page the
application renders says `Cache-Control: no-store`; static files stay cacheable."""

import base64

from django.db import connection
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path, reverse

from tests.individuals.base import IndividualTestCase


def _cacheable(request):  # type: ignore[no-untyped-def]
    return HttpResponse("public", headers={"Cache-Control": "public, max-age=3600"})


urlpatterns = [path("cacheable/", _cacheable)]


class NoStoreTests(IndividualTestCase):
    def setUp(self) -> None:
        self.sign_in(self.county.social_worker)
        self.individual = self.register()

    def assert_no_store(self, url: str, status: int = 200) -> None:
        response = self.client.get(url)
        self.assertEqual(response.status_code, status, url)
        self.assertIn("no-store", response["Cache-Control"], url)

    def test_personal_pages(self) -> None:
        self.assert_no_store(reverse("my_individuals"))
        self.assert_no_store(self.individual.get_absolute_url())
        self.assert_no_store(reverse("consent_create", args=[self.individual.uuid]))

    def test_log_review_extract_and_pdf(self) -> None:
        self.sign_in(self.county.manager)
        self.assert_no_store(reverse("log_review"))
        self.assert_no_store(reverse("log_extract_find"))
        self.assert_no_store(reverse("log_extract", args=[self.individual.uuid]))
        self.assert_no_store(reverse("log_extract_pdf", args=[self.individual.uuid]))

    def test_staff_pages_refusals_and_errors(self) -> None:
        for url in ["/", reverse("unit_list"), reverse("staff_list"), reverse("account_settings")]:
            self.assert_no_store(url)
        self.assert_no_store(reverse("protection_edit", args=[self.individual.uuid]), 403)
        self.assert_no_store("/no-such-page/", 404)
        # An HTMX fragment of a list, too (it answers the same address as the page).
        response = self.client.get(reverse("unit_list"), {"q": "Vuxen"}, headers={"HX-Request": "true"})
        self.assertEqual(response["Cache-Control"], "no-store")

    def test_sign_in_and_second_factor_pages(self) -> None:
        self.client.logout()
        self.assert_no_store(reverse("account_login"))
        response = self.client.post(
            reverse("account_login"),
            {"login": self.county.social_worker.username, "password": "correct horse battery staple"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertIn("no-store", response["Cache-Control"])
        self.assert_no_store(response["Location"])  # the second-factor page

    @override_settings(ROOT_URLCONF=__name__)
    def test_a_view_cannot_make_a_signed_in_page_cacheable(self) -> None:
        self.assertEqual(self.client.get("/cacheable/")["Cache-Control"], "no-store")
        self.client.logout()  # a public page may choose to be cached
        self.assertEqual(self.client.get("/cacheable/")["Cache-Control"], "public, max-age=3600")

    def test_nothing_personal_in_the_applications_cache(self) -> None:
        self.client.get(self.individual.get_absolute_url())
        self.client.get(reverse("my_individuals"))
        with connection.cursor() as cursor:
            cursor.execute("SELECT cache_key, value FROM samverkan_cache")
            rows = cursor.fetchall()
        for key, value in rows:
            stored = base64.b64decode(value)
            self.assertNotIn(b"Fiktiv", stored, key)
            self.assertNotIn(b"1212", stored, key)


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
class StaticFilesTests(IndividualTestCase):
    def test_static_files_stay_cacheable(self) -> None:
        client = Client()  # a new handler, so WhiteNoise reads the settings above
        response = client.get("/static/css/samverkan.css")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("no-store", response["Cache-Control"])
        self.assertIn("max-age", response["Cache-Control"])
