"""The API skeleton (api/): the staff and public ways in, CSRF on writes, errors as JSON naming the
field in the request's language, the OpenAPI document and the docs page, and router discovery."""

import json
import re

from django.core.cache import cache
from django.test import Client, TestCase, override_settings

from api.main import build_api, discovered_routers
from organisations import api as organisations_api
from tests.api.fake_capability import api as fake_capability_api
from tests.personas import CountyTestCase, sign_in

ECHO = "/api/test/echo"


@override_settings(ROOT_URLCONF="tests.api.urls")
class StaffAuthAndCsrfTests(CountyTestCase):
    def csrf_client(self) -> tuple[Client, str]:
        client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
        sign_in(client, self.county.nurse)
        client.get("/units/")  # a page sets the csrftoken cookie, as the browser would have it
        return client, client.cookies["csrftoken"].value

    def test_a_write_needs_the_csrf_token(self) -> None:
        client, token = self.csrf_client()
        data = json.dumps({"name": "Ok", "count": 2})
        refused = client.post(ECHO, data, content_type="application/json")
        self.assertEqual(refused.status_code, 403)
        self.assertIn("CSRF", refused.json()["detail"])
        wrong = client.post(ECHO, data, content_type="application/json", HTTP_X_CSRFTOKEN="x" * 64)
        self.assertEqual(wrong.status_code, 403)
        allowed = client.post(ECHO, data, content_type="application/json", HTTP_X_CSRFTOKEN=token)
        self.assertEqual(allowed.status_code, 200, allowed.content)
        self.assertEqual(allowed.json(), {"name": "Ok", "count": 2, "user": "nurse"})

    def test_reads_need_no_csrf_token(self) -> None:
        client, _token = self.csrf_client()
        self.assertEqual(client.get("/api/test/search?unit=a").status_code, 200)

    def test_a_write_without_a_session_is_refused(self) -> None:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        response = client.post(ECHO, {"name": "x", "count": 1}, content_type="application/json")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"detail": "Sign in first."})

    def test_a_write_without_the_second_factor_is_refused(self) -> None:
        self.sign_in(self.county.nurse, second_factor=False)
        response = self.client.post(ECHO, {"name": "x", "count": 1}, content_type="application/json")
        self.assertEqual(response.status_code, 401)


@override_settings(ROOT_URLCONF="tests.api.urls")
class BadInputTests(CountyTestCase):
    def setUp(self) -> None:
        self.sign_in(self.county.nurse)

    def post(self, body: object, language: str = "en"):  # type: ignore[no-untyped-def]
        raw = body if isinstance(body, str) else json.dumps(body)
        return self.client.post(ECHO, raw, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)

    def test_each_wrong_field_is_named_with_what_to_fix(self) -> None:
        cases = [
            ({"count": 1}, "name", "This field is required."),
            ({"name": "x" * 11, "count": 1}, "name", "Write at most 10 characters."),
            ({"name": "x" * 100_000, "count": 1}, "name", "Write at most 10 characters."),
            ({"name": "ok", "count": "many"}, "count", "Give a whole number."),
            ({"name": "ok", "count": 0}, "count", "Give a value of at least 1."),
            ({"name": "ok", "count": 6}, "count", "Give a value of at most 5."),
            ({"name": ["<script>"], "count": 1}, "name", "This value is not valid."),
        ]
        for body, field, message in cases:
            with self.subTest(body=str(body)[:60]):
                response = self.post(body)
                self.assertEqual(response.status_code, 400)
                answer = response.json()
                self.assertEqual(answer["errors"], [{"field": field, "message": message}])
                self.assertEqual(answer["detail"], f"{field}: {message}")
                self.assertNotIn("<script>", response.content.decode())

    def test_several_wrong_fields_are_all_named(self) -> None:
        answer = self.post({"name": "x" * 11, "count": "x"}).json()
        self.assertEqual({e["field"] for e in answer["errors"]}, {"name", "count"})

    def test_a_body_that_is_not_json(self) -> None:
        for raw in ("{not json", "", "null", "[1, 2]", "\x00"):
            with self.subTest(raw=raw):
                response = self.post(raw)
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response.json()["detail"])

    def test_query_parameters(self) -> None:
        response = self.client.get("/api/test/search?page=abc&unit=toolong", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 400)
        fields = {e["field"]: e["message"] for e in response.json()["errors"]}
        self.assertEqual(fields, {"page": "Give a whole number.", "unit": "Write at most 5 characters."})
        missing = self.client.get("/api/test/search", HTTP_ACCEPT_LANGUAGE="en").json()
        self.assertEqual(missing["errors"], [{"field": "unit", "message": "This field is required."}])

    def test_a_service_refusal_names_its_fields(self) -> None:
        response = self.client.post("/api/test/refused", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json()["errors"],
            [
                {"field": "code", "message": "There is already a unit with this code."},
                {"field": "", "message": "Not now."},
            ],
        )

    def test_permission_denied_is_403_json(self) -> None:
        response = self.client.get("/api/test/forbidden", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual((response.status_code, response.json()), (403, {"detail": "You may not do this."}))

    def test_a_crash_is_500_json_without_details(self) -> None:
        self.client.raise_request_exception = False
        with self.assertLogs("api.errors", "ERROR"):
            response = self.client.get("/api/test/boom", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 500)
        self.assertNotIn("Tolvan", response.content.decode())
        self.assertNotIn("1212", response.content.decode())
        self.assertEqual(set(response.json()), {"detail"})

    def test_messages_follow_the_language(self) -> None:
        english = self.post({"count": 1}, "en").json()["errors"][0]["message"]
        swedish = self.client.post(ECHO, "{}", content_type="application/json", HTTP_ACCEPT_LANGUAGE="sv")
        self.assertEqual(english, "This field is required.")
        self.assertEqual(swedish["Content-Language"], "sv")
        self.assertEqual(self.post({"count": 1}, "de")["Content-Language"], "sv")


@override_settings(ROOT_URLCONF="tests.api.urls", API_PUBLIC_RATE_PER_MINUTE=3)
class PublicAccessTests(CountyTestCase):
    def setUp(self) -> None:
        cache.clear()

    def test_anonymous_within_the_limit_then_429_json(self) -> None:
        client = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="192.0.2.10")
        for _ in range(3):
            self.assertEqual(client.get("/api/test/public").json(), {"hello": "world"})
        refused = client.get("/api/test/public")
        self.assertEqual(refused.status_code, 429)
        self.assertTrue(refused["Content-Type"].startswith("application/json"))
        self.assertRegex(refused.json()["detail"], r"^Too many requests: try again in \d+ seconds\.$")
        self.assertGreaterEqual(int(refused["Retry-After"]), 1)
        # Another address has its own count.
        other = Client(REMOTE_ADDR="192.0.2.11")
        self.assertEqual(other.get("/api/test/public").status_code, 200)

    def test_the_cache_holds_no_address_in_clear(self) -> None:
        Client(REMOTE_ADDR="192.0.2.10").get("/api/test/public")
        from django.db import connection

        if connection.vendor == "sqlite" or connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT cache_key FROM samverkan_cache")
                keys = [row[0] for row in cursor.fetchall()]
            self.assertTrue(any("api-public" in k for k in keys), keys)
            self.assertFalse(any("192.0.2.10" in k for k in keys), keys)

    def test_staff_operations_stay_closed_to_the_public(self) -> None:
        self.assertEqual(Client().get("/api/test/search?unit=a").status_code, 401)


class OpenApiAndDocsTests(CountyTestCase):
    def test_the_document_describes_units(self) -> None:
        response = self.client.get("/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        document = response.json()
        self.assertEqual(document["info"]["title"], "Samverkan API")
        operation = document["paths"]["/api/v1/units"]["get"]
        self.assertEqual(operation["operationId"], "units_list")
        self.assertEqual(operation["security"], [{"StaffSession": []}])
        schema_ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["items"]["$ref"]
        schema = document["components"]["schemas"][schema_ref.rsplit("/", 1)[1]]
        properties = schema["properties"]
        self.assertEqual(set(properties), {"id", "code", "name", "principal", "principal_kind", "municipalities"})
        self.assertEqual(set(schema["required"]), set(properties))
        self.assertEqual((properties["id"]["type"], properties["id"]["format"]), ("string", "uuid"))
        self.assertEqual(properties["municipalities"]["type"], "array")
        self.assertEqual(properties["municipalities"]["items"]["type"], "string")
        self.assertIn("SCB", properties["municipalities"]["description"])
        self.assertIn("HSA-id", properties["code"]["description"])
        kind = properties["principal_kind"]
        kind = document["components"]["schemas"][kind["$ref"].rsplit("/", 1)[1]] if "$ref" in kind else kind
        self.assertEqual(set(kind["enum"]), {"municipality", "region", "private_provider", "non_profit"})
        self.assertEqual(document["components"]["securitySchemes"]["StaffSession"]["in"], "cookie")

    def test_the_docs_page_loads_from_our_own_files(self) -> None:
        response = self.client.get("/api/v1/docs")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("/static/ninja/swagger-ui-bundle.js", html)
        self.assertIn("/static/ninja/swagger-ui-init.js", html)
        self.assertIn('"validatorUrl": null', html)
        # Nothing from outside the site, and no script that runs inline (the JSON settings block is data).
        self.assertEqual(re.findall(r"(?:src|href)=\"(https?:)?//", html), [])
        self.assertEqual(re.findall(r"<script(?![^>]*\b(src|type=\"application/json\"))[^>]*>", html), [])
        policy = response["Content-Security-Policy"]
        self.assertNotIn("unsafe-inline", policy)
        self.assertNotIn("unsafe-eval", policy)
        self.assertIn("script-src 'self'", policy)


class DiscoveryTests(CountyTestCase):
    def test_each_apps_api_module_brings_its_router(self) -> None:
        routers = [router for _prefix, router in discovered_routers()]
        self.assertIn(organisations_api.router, routers)
        self.assertNotIn(fake_capability_api.router, routers)

    def test_a_new_app_adds_a_file_and_nothing_in_api(self) -> None:
        from django.conf import settings

        with self.modify_settings(INSTALLED_APPS={"append": "tests.api.fake_capability"}):
            found = discovered_routers()
            self.assertIn(("", fake_capability_api.router), found)
            api = build_api(routers=found, namespace="api-discovery")
            self.assertIn("/fake-capability", api.get_openapi_schema(path_prefix="")["paths"])
        self.assertNotIn("tests.api.fake_capability", settings.INSTALLED_APPS)


class OpenApiDocumentTests(TestCase):
    def test_no_object_in_the_document_has_a_key_twice(self) -> None:
        """swagger-ui (js-yaml) refuses a document with a repeated key, and the docs page goes blank:
        an operation's ``openapi_extra`` must not name a response its ``response`` already names."""
        repeated: list[str] = []

        def pairs(items: list[tuple[str, object]]) -> dict:
            keys = [key for key, _value in items]
            repeated.extend(sorted({key for key in keys if keys.count(key) > 1}))
            return dict(items)

        json.loads(Client().get("/api/v1/openapi.json").content, object_pairs_hook=pairs)
        self.assertEqual(repeated, [])
