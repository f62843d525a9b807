"""GET /api/v1/directory/guide: the fixed contract, its order and reasons, the 400s that still carry
112 and the helplines, anonymity, the rate limit and the OpenAPI description."""

from unittest import mock

from django.test import TestCase, override_settings

from organisations.models import Unit
from organisations.roles import Role
from tests.directory.world import GuideCounty, stockholm
from tests.factories import MembershipFactory, UserFactory
from tests.personas import sign_in, with_second_factor

URL = "/api/v1/directory/guide"
OK = {"municipality": "2281", "age": "40", "concern": "alcohol", "urgency": "soon"}
UNIT_KEYS = {"id", "kind", "name", "principal", "phone", "address", "opening_hours", "directions", "reasons"}
TOP_KEYS = {"municipality", "municipality_name", "age", "concern", "urgency", "units", "emergency_numbers",
            "helplines", "self_tests"}  # fmt: skip
NUMBER_KEYS = {"name", "number", "tel", "description"}


@override_settings(API_PUBLIC_RATE_PER_MINUTE=10_000)
class GuideApiTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = GuideCounty()

    def get(self, **params: str) -> dict:
        response = self.client.get(URL, {**OK, **params})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        return response.json()

    def test_the_exact_shape(self) -> None:
        with mock.patch("directory.selectors.timezone.now", return_value=stockholm(2026, 12, 2, 10, 0)):
            body = self.get()
        self.assertEqual(set(body), TOP_KEYS)
        self.assertEqual((body["municipality"], body["municipality_name"], body["age"]), ("2281", "Guideby kommun", 40))
        self.assertEqual(
            (body["concern"], body["urgency"], body["self_tests"]), ("alcohol", "soon", "/hjalp/sjalvtest/")
        )
        self.assertEqual(body["emergency_numbers"], [])
        for unit in body["units"]:
            self.assertEqual(set(unit), UNIT_KEYS)
            self.assertTrue(unit["phone"])
            self.assertTrue(unit["reasons"])
        joint = body["units"][0]
        self.assertEqual(joint["id"], str(self.county.joint.uuid))
        self.assertEqual(joint["kind"], "joint_reception")
        self.assertEqual(joint["principal"], "Guideby kommun")
        self.assertEqual(
            joint["address"], {"street": "Exempelgatan 1 (fiktiv)", "postal_code": "852 30", "city": "Guideby"}
        )  # noqa: E501
        self.assertEqual(
            joint["opening_hours"],
            {"text": "Mån–fre 8–17", "open_now": True, "next_opening": None,
             "periods": [{"weekday": day, "opens": "08:00", "closes": "17:00"} for day in range(5)]},
        )  # fmt: skip
        self.assertEqual(len(joint["reasons"]), 3, joint["reasons"])
        for line in body["helplines"]:
            self.assertEqual(set(line), NUMBER_KEYS)

    def test_order_and_what_is_left_out(self) -> None:
        names = [u["name"] for u in self.get()["units"]]
        self.assertEqual(names[0], "Gemensam mottagning Guideby")
        self.assertEqual(names[-1], "Brukarföreningen stödcenter", "peer support last")
        self.assertIn("Beroendecentrum Guideby", names)
        self.assertNotIn("Enhet utan telefon", names, "a unit without a phone number is no answer")
        self.assertNotIn("Ungdomsmottagningen Guideby", names, "40 is too old for the youth clinic")

    def test_a_child_gets_units_that_take_children(self) -> None:
        names = [u["name"] for u in self.get(age="15")["units"]]
        self.assertIn("Ungdomsmottagningen Guideby", names)
        self.assertNotIn("Beroendecentrum Guideby", names, "18 and over")
        youth = next(u for u in self.get(age="15")["units"] if u["name"] == "Ungdomsmottagningen Guideby")
        self.assertTrue(any("13–25" in reason for reason in youth["reasons"]))

    def test_emergency_gives_112_first_and_the_round_the_clock_ward(self) -> None:
        self.client.cookies["django_language"] = "en"
        body = self.get(urgency="emergency")
        numbers = [line["number"] for line in body["emergency_numbers"]]
        self.assertEqual(numbers[0], "112")
        self.assertIn("1177", numbers)
        self.assertIn("90101", numbers)
        names = [u["name"] for u in body["units"]]
        self.assertEqual(names[:2], ["Gemensam mottagning Guideby", "Avdelning 24"])
        ward = body["units"][1]
        self.assertIn("Open around the clock.", ward["reasons"])
        self.assertEqual(ward["opening_hours"]["periods"][0], {"weekday": 0, "opens": "00:00", "closes": "24:00"})

    def test_relatives_and_gambling(self) -> None:
        body = self.get(concern="relative", age="16")
        names = [u["name"] for u in body["units"]]
        self.assertIn("Vuxenenheten Guideby", names, "relatives' support is for the relative, whatever the age")
        gambling = self.get(concern="gambling")
        self.assertIn("020-81 91 00", [line["number"] for line in gambling["helplines"]])
        self.assertNotIn("020-50 50 50", [line["number"] for line in gambling["helplines"]])

    def test_open_now_on_a_controlled_clock(self) -> None:
        with mock.patch("directory.selectors.timezone.now", return_value=stockholm(2026, 12, 5, 12, 0)):  # Saturday
            joint = self.get()["units"][0]
        self.assertIs(joint["opening_hours"]["open_now"], False)
        self.assertEqual(joint["opening_hours"]["next_opening"], "2026-12-07T08:00:00+01:00")
        social = next(u for u in self.get(concern="violence")["units"] if u["name"] == "Vuxenenheten Guideby")
        self.assertIsNone(social["opening_hours"]["open_now"], "hours not understood: nothing is claimed")
        self.assertEqual(social["opening_hours"]["periods"], [])

    def test_english(self) -> None:
        self.client.cookies["django_language"] = "en"
        body = self.get()
        self.assertIn("The joint reception", body["units"][0]["reasons"][0])

    def test_anonymous_and_no_cookie_is_set(self) -> None:
        response = self.client.get(URL, OK)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(dict(response.cookies), {})

    def test_staff_get_the_same(self) -> None:
        nurse = with_second_factor(UserFactory(username="guidenurse"))
        MembershipFactory(user=nurse, unit=self.county.addiction, role=Role.NURSE)
        sign_in(self.client, nurse)
        self.assertEqual(self.client.get(URL, OK).status_code, 200)


@override_settings(API_PUBLIC_RATE_PER_MINUTE=10_000)
class GuideApiBadInputTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = GuideCounty()

    def bad(self, field: str, **params: str | None) -> dict:
        query = {k: v for k, v in {**OK, **params}.items() if v is not None}
        response = self.client.get(URL, query)
        self.assertEqual(response.status_code, 400, (params, response.content))
        body = response.json()
        self.assertEqual(set(body), {"detail", "errors", "emergency_numbers", "helplines"})
        self.assertEqual([e["field"] for e in body["errors"]], [field], body)
        self.assertTrue(body["detail"].startswith(f"{field}: "), body["detail"])
        self.assertEqual(body["emergency_numbers"][0]["number"], "112")
        numbers = {line["number"] for line in body["helplines"]}
        self.assertTrue({"020-50 50 50", "020-81 91 00", "020-91 91 91"} <= numbers)
        return body

    def test_unknown_municipality(self) -> None:
        self.client.cookies["django_language"] = "en"
        for code in ("9999", "abc", "22811", "2281' OR 1=1", "<script>", "2281\x00"):
            with self.subTest(code=code):
                body = self.bad("municipality", municipality=code)
                self.assertIn("SCB", body["errors"][0]["message"])

    def test_age_out_of_range_or_not_a_number(self) -> None:
        for age in ("-1", "121", "1000000000000000000000", "forty", "4.5", "", " "):
            with self.subTest(age=age):
                self.bad("age", age=age)

    def test_unknown_values(self) -> None:
        self.bad("concern", concern="cocaine")
        self.bad("concern", concern="ALCOHOL")
        self.bad("urgency", urgency="later")
        self.bad("urgency", urgency="x" * 10_000)

    def test_missing_parameters(self) -> None:
        for name in OK:
            with self.subTest(name=name):
                self.bad(name, **{name: None})
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 400)
        self.assertEqual({e["field"] for e in response.json()["errors"]}, set(OK))
        self.assertEqual(response.json()["emergency_numbers"][0]["number"], "112")

    def test_inactive_municipality_is_unknown(self) -> None:
        self.county.other.is_active = False
        self.county.other.save()
        self.bad("municipality", municipality="2280")

    def test_the_error_is_in_english_when_asked(self) -> None:
        self.client.cookies["django_language"] = "en"
        body = self.bad("age", age="200")
        self.assertEqual(body["errors"][0]["message"], "Give an age between 0 and 120.")


class GuideApiRateLimitTests(TestCase):
    @override_settings(API_PUBLIC_RATE_PER_MINUTE=3)
    def test_rate_limited_per_address(self) -> None:
        GuideCounty()
        statuses = [self.client.get(URL, OK).status_code for _ in range(4)]
        self.assertEqual(statuses, [200, 200, 200, 429])
        response = self.client.get(URL, OK)
        self.assertIn("Retry-After", response)
        self.assertEqual(set(response.json()), {"detail"})


class GuideOpenApiTests(TestCase):
    def test_described_in_openapi(self) -> None:
        schema = self.client.get("/api/v1/openapi.json").json()
        operation = schema["paths"]["/api/v1/directory/guide"]["get"]
        self.assertNotIn("security", operation, "public: no sign-in")
        parameters = {p["name"]: p for p in operation["parameters"]}
        self.assertEqual(set(parameters), {"municipality", "age", "concern", "urgency"})
        self.assertTrue(all(p["required"] and p["in"] == "query" for p in parameters.values()))
        concerns = ["alcohol", "drugs", "medication", "gambling", "pregnancy", "violence", "relative"]
        self.assertEqual(parameters["concern"]["schema"]["enum"], concerns)
        self.assertEqual(parameters["urgency"]["schema"]["enum"], ["emergency", "soon", "advice"])
        self.assertEqual((parameters["age"]["schema"]["minimum"], parameters["age"]["schema"]["maximum"]), (0, 120))
        self.assertEqual(set(operation["responses"]), {"200", "400", "429"})
        ref = operation["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        error = schema["components"]["schemas"][ref]
        self.assertEqual(set(error["required"]), {"detail", "errors", "emergency_numbers", "helplines"})
        ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        self.assertIn("units", schema["components"]["schemas"][ok]["properties"])

    def test_the_units_change_with_the_data(self) -> None:
        county = GuideCounty()
        Unit.objects.filter(pk=county.joint.pk).update(is_active=False)
        from directory import cache as guide_cache

        guide_cache.invalidate()
        names = [u["name"] for u in self.client.get(URL, OK).json()["units"]]
        self.assertNotIn("Gemensam mottagning Guideby", names)
