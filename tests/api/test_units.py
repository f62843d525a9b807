"""GET /api/v1/units: the fixed contract, who may call it, and errors as JSON."""

import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisations.models import Unit
from organisations.roles import Role
from tests.factories import MembershipFactory, UnitFactory
from tests.personas import CountyTestCase

URL = "/api/v1/units"
KEYS = {"id", "code", "name", "principal", "principal_kind", "municipalities"}


class UnitsContractTests(CountyTestCase):
    def test_the_exact_shape(self) -> None:
        self.sign_in(self.county.nurse)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        body = response.json()
        self.assertIsInstance(body, list)
        self.assertEqual(len(body), Unit.objects.filter(is_active=True).count())
        for item in body:
            self.assertEqual(set(item), KEYS)
        unit = self.county.addiction_unit
        item = next(i for i in body if i["id"] == str(unit.uuid))
        self.assertEqual(
            item,
            {
                "id": str(unit.uuid),
                "code": unit.code,
                "name": "Beroendecentrum",
                "principal": "Region Testnorrland",
                "principal_kind": "region",
                "municipalities": ["2280", "2281"],
            },
        )
        uuid.UUID(item["id"])
        self.assertEqual([i["code"] for i in body], sorted(i["code"] for i in body))

    def test_inactive_units_are_not_listed(self) -> None:
        Unit.objects.filter(pk=self.county.office.pk).update(is_active=False)
        self.sign_in(self.county.social_worker)
        ids = {i["id"] for i in self.client.get(URL).json()}
        self.assertNotIn(str(self.county.office.uuid), ids)
        self.assertIn(str(self.county.adult_unit.uuid), ids)

    def test_every_staff_role_may_read_it(self) -> None:
        for name, user in self.county.staff.items():
            with self.subTest(role=name):
                self.sign_in(user)
                self.assertEqual(self.client.get(URL).status_code, 200)

    def test_no_query_per_unit(self) -> None:
        self.sign_in(self.county.nurse)
        self.client.get(URL)  # the session's first request does a little more

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(URL).status_code, 200)
            return len(captured)

        before = queries()
        for _ in range(20):
            unit = UnitFactory(principal=self.county.sundsvall)
            unit.serves_municipalities.add(self.county.sundsvall, self.county.harnosand)
            MembershipFactory(unit=unit, role=Role.NURSE)
        self.assertEqual(queries(), before)
        self.assertLessEqual(before, 15)  # session, user, memberships, user session: the units are two
        with self.assertNumQueries(before):
            self.client.get(URL)


class UnitsRefusalTests(CountyTestCase):
    def assert_json_error(self, response, status: int) -> dict:  # type: ignore[no-untyped-def]
        self.assertEqual(response.status_code, status)
        self.assertTrue(response["Content-Type"].startswith("application/json"), response["Content-Type"])
        body = response.json()
        self.assertIsInstance(body["detail"], str)
        self.assertTrue(body["detail"])
        return body

    def test_anonymous_gets_401_json(self) -> None:
        body = self.assert_json_error(self.client.get(URL, HTTP_ACCEPT_LANGUAGE="en"), 401)
        self.assertEqual(body["detail"], "Sign in first.")

    def test_a_session_without_the_second_factor_is_refused(self) -> None:
        self.sign_in(self.county.nurse, second_factor=False)
        body = self.assert_json_error(self.client.get(URL, HTTP_ACCEPT_LANGUAGE="en"), 401)
        self.assertIn("second factor", body["detail"])
        self.assertNotIn("Beroendecentrum", self.client.get(URL).content.decode())

    def test_a_user_without_a_membership_is_refused(self) -> None:
        self.sign_in(self.county.no_membership, second_factor=False)
        body = self.assert_json_error(self.client.get(URL, HTTP_ACCEPT_LANGUAGE="en"), 403)
        self.assertIn("staff", body["detail"])

    def test_an_inactive_user_is_refused(self) -> None:
        self.sign_in(self.county.nurse)
        type(self.county.nurse).objects.filter(pk=self.county.nurse.pk).update(is_active=False)
        self.assertIn(self.client.get(URL).status_code, {401, 403})

    def test_wrong_method_is_405_json_naming_the_allowed_one(self) -> None:
        self.sign_in(self.county.nurse)
        for method in ("post", "put", "patch", "delete"):
            with self.subTest(method=method):
                response = getattr(self.client, method)(URL, HTTP_ACCEPT_LANGUAGE="en")
                body = self.assert_json_error(response, 405)
                self.assertEqual(response["Allow"], "GET")
                self.assertIn("GET", body["detail"])
                self.assertIn(method.upper(), body["detail"])

    def test_unknown_addresses_are_404_json(self) -> None:
        self.sign_in(self.county.nurse)
        for path in ("/api/v1/", "/api/v1/nothing", "/api/v1/units/extra", "/api/v1/%3Cscript%3E"):
            with self.subTest(path=path):
                body = self.assert_json_error(self.client.get(path, HTTP_ACCEPT_LANGUAGE="en"), 404)
                self.assertEqual(body, {"detail": "Not found."})

    def test_the_language_follows_the_cookie_or_accept_language(self) -> None:
        self.assertEqual(self.client.get(URL)["Content-Language"], "sv")
        self.assertEqual(self.client.get(URL, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")["Content-Language"], "en")
        self.client.cookies["django_language"] = "sv"
        self.assertEqual(self.client.get(URL, HTTP_ACCEPT_LANGUAGE="en")["Content-Language"], "sv")
        self.client.cookies["django_language"] = "en"
        self.assertEqual(self.client.get(URL).json()["detail"], "Sign in first.")
