"""The public self-test at /hjalp/sjalvtest/: anonymous, no session, nothing stored, the same
scoring as the API, bad input answered with what to fix and what was chosen kept."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from organisations.models import UnitType
from screening.loader import load_instruments
from screening.models import Instrument, InstrumentVersion
from tests.factories import UnitFactory

INDEX = "/hjalp/sjalvtest/"


def english(**kwargs: object) -> Client:
    """The public pages follow the language cookie (the button), not Accept-Language."""
    client = Client(**kwargs)  # type: ignore[arg-type]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def form(answers: list[int | None], sex: str | None = None, age: str | None = None) -> dict[str, str]:
    data = {f"item_{n}": str(points) for n, points in enumerate(answers, start=1) if points is not None}
    if sex is not None:
        data["sex"] = sex
    if age is not None:
        data["age"] = age
    return data


class SelfTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_instruments()
        cls.joint = UnitFactory(name="Mottagningen Västra", unit_type=UnitType.JOINT_RECEPTION, phone="060-123 45 67")
        cls.peers = UnitFactory(name="Anhörigföreningen Exempel", unit_type=UnitType.USER_ORGANISATION)
        cls.closed = UnitFactory(name="Gamla mottagningen", unit_type=UnitType.JOINT_RECEPTION, is_active=False)

    def setUp(self) -> None:
        cache.clear()
        self.client = english()


class PagesTests(SelfTestCase):
    def test_index_lists_audit_dudit_and_pgsi(self) -> None:
        response = self.client.get(INDEX)
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        for code in ("audit", "dudit", "pgsi"):
            self.assertIn(f'href="/hjalp/sjalvtest/{code}/"', page)
        self.assertNotIn("/hjalp/sjalvtest/audit-c/", page)
        self.assertNotIn("sessionid", response.cookies)
        self.assertIn('href="/hjalp/"', page)

    def test_each_form_is_radio_groups_in_fieldsets_with_legends(self) -> None:
        page = self.client.get("/hjalp/sjalvtest/audit/").content.decode()
        self.assertEqual(page.count("<legend>"), 10 + 2)  # ten items, about you, sex
        self.assertIn("How often do you have a drink containing alcohol?", page)
        self.assertEqual(page.count('name="item_10"'), 3)
        self.assertIn('for="item_1-0"', page)
        self.assertIn("go on to question 9", page)
        self.assertIn("WHO/MSD/MSB/01.6a", page)
        swedish = Client().get("/hjalp/sjalvtest/audit/").content.decode()
        self.assertIn("Hur ofta dricker du alkohol?", swedish)
        self.assertIn("Ja, under det senaste året", swedish)

    def test_unknown_or_non_public_instrument_is_404(self) -> None:
        self.assertEqual(self.client.get("/hjalp/sjalvtest/audit-c/").status_code, 404)
        self.assertEqual(self.client.get("/hjalp/sjalvtest/nope/").status_code, 404)
        self.assertEqual(self.client.put("/hjalp/sjalvtest/audit/").status_code, 405)

    def test_query_counts_do_not_grow(self) -> None:
        with CaptureQueriesContext(connection) as first:
            self.client.get(INDEX)
        Instrument.objects.filter(code="audit-c").update(public_self_test=True)
        with CaptureQueriesContext(connection) as second:
            self.client.get(INDEX)
        self.assertEqual(len(first), len(second))


class ResultTests(SelfTestCase):
    def test_audit_result_with_zone_advice_and_places(self) -> None:
        response = self.client.post("/hjalp/sjalvtest/audit/", form([2, 1, 1, 0, 0, 0, 1, 0, 2, 2], "female", "45"))
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn("9 points of 40", page)
        self.assertIn("Hazardous use", page)
        self.assertIn("(hazardous use)", page)  # the kind words of the zone
        self.assertIn("Mottagningen Västra", page)
        self.assertIn('href="tel:0601234567"', page)
        self.assertIn("Anhörigföreningen Exempel", page)
        self.assertNotIn("Gamla mottagningen", page)
        self.assertIn("alkoholhjalpen.se", page)
        self.assertNotIn("020-84 44 48", page)  # the Alcohol Line's old number: not confirmed
        self.assertIn("6–13", page)  # the women's scale
        self.assertNotIn("8–15", page)

    def test_skip_rule_on_the_form(self) -> None:
        page = self.client.post("/hjalp/sjalvtest/audit/", form([0] + [None] * 7 + [0, 0], "male")).content.decode()
        self.assertIn("0 points of 40", page)
        self.assertIn("Low risk", page)
        self.assertIn("You do not need to do anything", page)

    def test_without_sex_both_readings_are_explained(self) -> None:
        page = self.client.post("/hjalp/sjalvtest/audit/", form([2, 1, 1, 0, 0, 0, 1, 0, 2, 0], "")).content.decode()
        self.assertIn("7 points of 40", page)
        self.assertIn("For women: Hazardous use", page)
        self.assertIn("For men: Low risk", page)
        self.assertIn("0–5", page)
        self.assertIn("0–7", page)

    def test_dudit_and_pgsi(self) -> None:
        dudit = self.client.post("/hjalp/sjalvtest/dudit/", form([4] * 11, "male", "30")).content.decode()
        self.assertIn("Probable dependence", dudit)
        self.assertIn("020-91 91 91", dudit)
        pgsi = self.client.post("/hjalp/sjalvtest/pgsi/", form([1, 1, 1, 0, 0, 0, 0, 0, 0])).content.decode()
        self.assertIn("Moderate risk", pgsi)
        self.assertIn("020-81 91 00", pgsi)

    def test_nothing_stored_no_session(self) -> None:
        before = list(InstrumentVersion.objects.values_list("pk", "definition"))
        client = english()
        response = client.post("/hjalp/sjalvtest/pgsi/", form([3] * 9))
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("sessionid", response.cookies)
        self.assertIn("no-store", response.get("Cache-Control", ""))
        self.assertEqual(list(InstrumentVersion.objects.values_list("pk", "definition")), before)

    def test_the_form_needs_the_csrf_token(self) -> None:
        client = Client(enforce_csrf_checks=True)
        self.assertEqual(client.post("/hjalp/sjalvtest/pgsi/", form([0] * 9)).status_code, 403)
        client.get("/hjalp/sjalvtest/pgsi/")
        token = client.cookies["csrftoken"].value
        data = {**form([0] * 9), "csrfmiddlewaretoken": token}
        self.assertEqual(client.post("/hjalp/sjalvtest/pgsi/", data).status_code, 200)


class BadInputTests(SelfTestCase):
    def test_missing_answers_are_named_and_the_chosen_kept(self) -> None:
        response = self.client.post("/hjalp/sjalvtest/audit/", form([2, None, 1, 0, 0, 0, 1, 0, 2, None], "female"))
        self.assertEqual(response.status_code, 400)
        page = response.content.decode()
        self.assertIn('class="error-summary"', page)
        self.assertIn('<a href="#item_2-0">Item 2 is not answered', page)
        self.assertIn('<a href="#item_10-0">Item 10 is not answered', page)
        self.assertIn('aria-describedby="item_2-error"', page)
        self.assertIn('id="item_1-2" value="2" checked', page)
        self.assertIn('id="sex-0" value="female" checked', page)

    def test_hostile_and_out_of_range_values(self) -> None:
        cases = [
            ({**form([1] + [0] * 9), "item_10": "3"}, "Item 10: 3 is not one of this item"),
            ({**form([1] + [0] * 9), "item_1": "<script>alert(1)</script>"}, "Item 1: give the points"),
            ({**form([1] + [0] * 9), "item_1": "9" * 5000}, "Item 1: give the points"),
            ({**form([1] + [0] * 9), "item_1": "٣"}, "Item 1: give the points"),  # an Arabic-Indic digit
            (form([1] + [0] * 9, "other"), "Choose female or male"),
            (form([1] + [0] * 9, "male", "12"), "Give an age from 16 to 120"),
            (form([1] + [0] * 9, "male", "forty"), "Give the age in whole years"),
            (form([0, 2] + [None] * 6 + [0, 0]), "Item 2 is left out when item 1 is 0"),
        ]
        for data, message in cases:
            with self.subTest(message=message):
                response = self.client.post("/hjalp/sjalvtest/audit/", data)
                self.assertEqual(response.status_code, 400)
                page = response.content.decode()
                self.assertIn(message, page)
                self.assertNotIn("<script>alert", page)
                self.assertNotIn("9" * 100, page)
