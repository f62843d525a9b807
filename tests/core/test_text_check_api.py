"""POST /api/v1/text-check: the fixed contract, who may call it, CSRF, bad input as JSON, OpenAPI,
and that the text is never logged or stored."""

import json
import logging

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEntry
from core.personal_data import MAX_TEXT_LENGTH
from tests.personas import CountyTestCase, sign_in

URL = "/api/v1/text-check"
NUMBER = "19121212-1212"  # Skatteverket's example personnummer (fictional)


class TextCheckContractTests(CountyTestCase):
    def setUp(self) -> None:
        self.sign_in(self.county.social_worker)

    def check(self, text: object):  # type: ignore[no-untyped-def]
        return self.client.post(URL, json.dumps({"text": text}), content_type="application/json")

    def test_a_personnummer_is_blocking_and_ok_is_false(self) -> None:
        response = self.check(f"Klienten {NUMBER} ringde från 070-123 45 67.")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertEqual(
            response.json(),
            {
                "ok": False,
                "findings": [
                    {"kind": "personnummer", "start": 9, "end": 22, "blocking": True},
                    {"kind": "phone", "start": 35, "end": 48, "blocking": False},
                ],
            },
        )

    def test_warnings_alone_leave_ok_true(self) -> None:
        body = self.check("Tel 070-123 45 67, anna@example.se, Storgatan 12, 19121212-1213.").json()
        self.assertTrue(body["ok"])
        self.assertEqual(
            [(f["kind"], f["blocking"]) for f in body["findings"]],
            [("phone", False), ("email", False), ("address", False), ("possible_identity_number", False)],
        )
        for finding in body["findings"]:
            self.assertEqual(set(finding), {"kind", "start", "end", "blocking"})

    def test_a_samordningsnummer_blocks(self) -> None:
        body = self.check("900161-9981").json()
        self.assertEqual(
            body, {"ok": False, "findings": [{"kind": "samordningsnummer", "start": 0, "end": 11, "blocking": True}]}
        )

    def test_nothing_found(self) -> None:
        for text in ("", "Dnr 2024-0123, 2024-01-01–2024-03-31, 1 200 000 kr", "20240101-20240331"):
            with self.subTest(text=text):
                self.assertEqual(self.check(text).json(), {"ok": True, "findings": []})

    def test_the_longest_text_is_checked(self) -> None:
        text = ("x" * (MAX_TEXT_LENGTH - len(NUMBER))) + NUMBER
        body = self.check(text).json()
        self.assertEqual(
            body["findings"],
            [{"kind": "personnummer", "start": MAX_TEXT_LENGTH - 13, "end": MAX_TEXT_LENGTH, "blocking": True}],
        )

    def test_every_staff_role_may_use_it(self) -> None:
        for name, user in self.county.staff.items():
            with self.subTest(role=name):
                self.sign_in(user)
                self.assertEqual(self.check(NUMBER).status_code, 200)

    def test_no_database_write_and_constant_queries(self) -> None:
        self.check("warm up")
        entries = AuditEntry.objects.count()
        with CaptureQueriesContext(connection) as short:
            self.check("kort")
        with CaptureQueriesContext(connection) as long:
            self.check(f"{NUMBER} " * 2000)
        self.assertEqual(len(short), len(long))
        self.assertEqual(AuditEntry.objects.count(), entries)
        for query in [*short.captured_queries, *long.captured_queries]:
            self.assertNotIn("1212", query["sql"])
            sql = query["sql"].lstrip().upper()
            if sql.startswith(("INSERT", "UPDATE", "DELETE")):  # only the session's own bookkeeping
                self.assertRegex(sql, r'^(UPDATE|INSERT INTO) "(DJANGO_SESSION|USERSESSIONS_USERSESSION)"')


class TextCheckBadInputTests(CountyTestCase):
    def setUp(self) -> None:
        self.sign_in(self.county.social_worker)

    def post(self, raw: str):  # type: ignore[no-untyped-def]
        return self.client.post(URL, raw, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")

    def assert_400(self, raw: str, field: str, message: str) -> None:
        response = self.post(raw)
        self.assertEqual(response.status_code, 400, response.content[:200])
        self.assertEqual(
            response.json(), {"detail": f"{field}: {message}", "errors": [{"field": field, "message": message}]}
        )

    def test_missing_wrong_and_oversized_text(self) -> None:
        self.assert_400("{}", "text", "This field is required.")
        self.assert_400('{"txt": "a"}', "text", "This field is required.")
        self.assert_400('{"text": null}', "text", "This value is not valid.")
        self.assert_400('{"text": 198001010019}', "text", "This value is not valid.")
        self.assert_400('{"text": ["19121212-1212"]}', "text", "This value is not valid.")
        self.assert_400('{"text": {"a": 1}}', "text", "This value is not valid.")
        self.assert_400(
            json.dumps({"text": "x" * (MAX_TEXT_LENGTH - 13) + NUMBER + "x"}),
            "text",
            f"Write at most {MAX_TEXT_LENGTH} characters.",
        )

    def test_the_answer_to_bad_input_never_echoes_the_text(self) -> None:
        for raw in (
            json.dumps({"text": ("a" * MAX_TEXT_LENGTH) + NUMBER}),
            json.dumps({"text": [NUMBER]}),
            "{" + NUMBER,
        ):
            with self.subTest(raw=raw[-30:]):
                response = self.post(raw)
                self.assertEqual(response.status_code, 400)
                self.assertNotIn(b"1212", response.content)

    def test_not_json(self) -> None:
        for raw in ("text=19121212-1212", "{", "[]", '"text"'):
            with self.subTest(raw=raw):
                response = self.post(raw)
                self.assertEqual(response.status_code, 400)
                self.assertNotIn(b"1212", response.content)
                self.assertTrue(response.json()["detail"])

    def test_a_body_beyond_the_servers_limit_is_refused_without_a_trace(self) -> None:
        raw = json.dumps({"text": "x" * 3_000_000 + NUMBER})
        with self.assertLogs(level=logging.DEBUG) as logs:
            logging.getLogger("probe").debug("start")
            response = self.post(raw)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"detail": "The request is too large: send at most 2621440 bytes."})
        self.assertNotIn(b"1212", response.content)
        self.assertNotIn("1212", "\n".join(logs.output))

    def test_get_is_405(self) -> None:
        response = self.client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response["Allow"], "POST")


class TextCheckRefusalTests(CountyTestCase):
    def test_anonymous_is_401(self) -> None:
        response = self.client.post(
            URL, json.dumps({"text": NUMBER}), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
        )
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"detail": "Sign in first."})

    def test_without_the_second_factor_is_401(self) -> None:
        self.sign_in(self.county.social_worker, second_factor=False)
        response = self.client.post(URL, json.dumps({"text": NUMBER}), content_type="application/json")
        self.assertEqual(response.status_code, 401)
        self.assertNotIn("findings", response.json())

    def test_without_a_membership_is_403(self) -> None:
        self.sign_in(self.county.no_membership, second_factor=False)
        response = self.client.post(URL, json.dumps({"text": NUMBER}), content_type="application/json")
        self.assertEqual(response.status_code, 403)

    def test_no_csrf_token_is_refused(self) -> None:
        client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
        sign_in(client, self.county.social_worker)
        client.get("/")  # a page sets the csrftoken cookie, as the browser would have it
        token = client.cookies["csrftoken"].value
        data = json.dumps({"text": NUMBER})
        refused = client.post(URL, data, content_type="application/json")
        self.assertEqual(refused.status_code, 403)
        self.assertIn("CSRF", refused.json()["detail"])
        self.assertEqual(
            client.post(URL, data, content_type="application/json", HTTP_X_CSRFTOKEN="x" * 64).status_code, 403
        )
        allowed = client.post(URL, data, content_type="application/json", HTTP_X_CSRFTOKEN=token)
        self.assertEqual(allowed.status_code, 200)
        self.assertFalse(allowed.json()["ok"])


class TextCheckNothingKeptTests(CountyTestCase):
    def test_the_text_is_in_no_log_of_any_outcome(self) -> None:
        client = Client(enforce_csrf_checks=True)
        cases = [(client, json.dumps({"text": NUMBER}))]  # anonymous, no token
        self.sign_in(self.county.social_worker)
        cases += [
            (self.client, json.dumps({"text": f"ok {NUMBER}"})),
            (self.client, json.dumps({"text": [NUMBER]})),
            (self.client, json.dumps({"text": "x" * MAX_TEXT_LENGTH + NUMBER})),
            (self.client, "{" + NUMBER),
        ]
        for used, raw in cases:
            with self.subTest(raw=raw[-20:]), self.assertLogs(level=logging.DEBUG) as logs:
                logging.getLogger("probe").debug("start")
                used.post(URL, raw, content_type="application/json")
            self.assertNotIn("1212", "\n".join(logs.output))


class TextCheckOpenApiTests(CountyTestCase):
    def test_the_operation_is_in_the_openapi_document(self) -> None:
        self.sign_in(self.county.social_worker)
        document = self.client.get("/api/v1/openapi.json").json()
        operation = document["paths"]["/api/v1/text-check"]["post"]
        self.assertEqual(operation["operationId"], "text_check")
        self.assertTrue(operation.get("security"), "staff session auth")
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        schemas = document["components"]["schemas"]
        text_in = schemas[body["$ref"].rsplit("/", 1)[-1]]
        self.assertEqual(text_in["required"], ["text"])
        self.assertEqual(text_in["properties"]["text"]["maxLength"], MAX_TEXT_LENGTH)
        answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
        out = schemas[answer["$ref"].rsplit("/", 1)[-1]]
        self.assertEqual(set(out["properties"]), {"ok", "findings"})
        finding = schemas[out["properties"]["findings"]["items"]["$ref"].rsplit("/", 1)[-1]]
        self.assertEqual(set(finding["properties"]), {"kind", "start", "end", "blocking"})
        self.assertEqual(
            set(finding["properties"]["kind"]["enum"]),
            {"personnummer", "samordningsnummer", "possible_identity_number", "phone", "email", "address"},
        )
