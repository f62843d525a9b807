"""The public scoring API through real HTTP requests: the fixed contract, bad input naming the
field and item, rate limiting, nothing stored, and the OpenAPI document."""

import json
import logging

from django.core.cache import cache
from django.db import connection
from django.test import Client, TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from screening.loader import load_instruments
from screening.models import InstrumentVersion
from tests.screening.helpers import answers_for

SCORE = "/api/v1/screening/score"
INSTRUMENTS = "/api/v1/screening/instruments"


class ApiCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_instruments()

    def setUp(self) -> None:
        cache.clear()
        self.client = Client(HTTP_ACCEPT_LANGUAGE="en")

    def post(self, body: object, language: str = "en"):  # type: ignore[no-untyped-def]
        raw = body if isinstance(body, str) else json.dumps(body)
        return self.client.post(SCORE, raw, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)

    def errors(self, body: object) -> list[dict[str, str]]:
        response = self.post(body)
        self.assertEqual(response.status_code, 400, response.content)
        answer = response.json()
        self.assertEqual(set(answer), {"detail", "errors"})
        return answer["errors"]


class ScoreContractTests(ApiCase):
    def test_the_fixed_answer(self) -> None:
        response = self.post(
            {"instrument": "audit", "answers": [2, 1, 1, 0, 0, 0, 1, 0, 2, 2], "sex": "female", "age": 45}
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(
            response.json(),
            {
                "instrument": "audit",
                "version": "1",
                "total": 9,
                "subscales": {"consumption": 4, "dependence": 0, "harm": 5},
                "positive": True,
                "zone": {"code": "hazardous", "label": "Hazardous use"},
                "advice": {"code": "brief_advice", "label": "Brief advice"},
                "message": None,
            },
        )

    def test_labels_follow_the_language_swedish_by_default(self) -> None:
        body = {"instrument": "pgsi", "answers": [3] * 9}
        answer = Client().post(SCORE, json.dumps(body), content_type="application/json").json()
        self.assertEqual(answer["zone"], {"code": "problem", "label": "Spelproblem"})
        self.assertEqual(answer["advice"]["code"], "refer")

    def test_every_instrument_and_zone_code(self) -> None:
        cases = [
            ("audit", "male", None, 7, "low", False), ("audit", "male", None, 8, "hazardous", True),
            ("audit", "female", None, 14, "harmful", True), ("audit", "female", None, 18, "dependence", True),
            ("audit-c", "male", None, 5, "low", False), ("audit-c", "female", None, 5, "hazardous", True),
            ("dudit", "male", None, 5, "low", False), ("dudit", "female", None, 2, "problematic", True),
            ("dudit", "male", 20, 6, "low", False), ("dudit", "male", 30, 6, "problematic", True),
            ("dudit", "female", 18, 25, "dependence", True),
            ("pgsi", None, None, 0, "none", False), ("pgsi", None, None, 2, "low", False),
            ("pgsi", "male", None, 3, "moderate", True), ("pgsi", "female", 70, 8, "problem", True),
        ]  # fmt: skip
        for code, sex, age, total, zone, positive in cases:
            with self.subTest(code=code, sex=sex, age=age, total=total):
                body: dict = {"instrument": code, "answers": answers_for(code, total)}
                if sex:
                    body["sex"] = sex
                if age is not None:
                    body["age"] = age
                answer = self.post(body).json()
                self.assertEqual((answer["total"], answer["zone"]["code"], answer["positive"]), (total, zone, positive))

    def test_the_skip_rule_through_the_api(self) -> None:
        body = {"instrument": "audit", "answers": [0, None, None, None, None, None, None, None, 4, 2], "sex": "male"}
        answer = self.post(body).json()
        self.assertEqual((answer["total"], answer["zone"]["code"]), (6, "low"))

    def test_without_sex_where_it_matters_the_total_and_why_no_zone(self) -> None:
        answer = self.post({"instrument": "audit", "answers": [2, 1, 1, 0, 0, 0, 1, 0, 2, 0]}).json()
        self.assertEqual(answer["total"], 7)
        self.assertEqual(answer["subscales"]["consumption"], 4)
        self.assertIsNone(answer["zone"])
        self.assertIsNone(answer["positive"])
        self.assertIsNone(answer["advice"])
        self.assertIn("differ for women and men", answer["message"])
        agreed = self.post({"instrument": "audit", "answers": answers_for("audit", 25)}).json()
        self.assertEqual((agreed["zone"]["code"], agreed["message"]), ("dependence", None))


class BadInputTests(ApiCase):
    def test_a_value_not_among_the_items_options(self) -> None:
        for value in (1, 3):
            answers = [1, 0, 0, 0, 0, 0, 0, 0, value, 0]
            self.assertEqual(
                self.errors({"instrument": "audit", "answers": answers, "sex": "male"}),
                [
                    {
                        "field": "answers.8",
                        "message": f"Item 9: {value} is not one of this item's options; choose 0, 2 or 4.",
                    }
                ],
            )
        errors = self.errors({"instrument": "pgsi", "answers": [0, 0, 4, 0, 0, 0, 0, 0, 0]})
        self.assertEqual(errors[0]["field"], "answers.2")

    def test_wrong_count_unknown_instrument_missing_fields(self) -> None:
        self.assertEqual(
            self.errors({"instrument": "audit", "answers": [0] * 9}),
            [{"field": "answers", "message": "Give 10 answers, one per item, in order (9 given)."}],
        )
        self.assertEqual(
            self.errors({"instrument": "assist", "answers": [0]}),
            [{"field": "instrument", "message": "Unknown instrument: choose one of audit, audit-c, dudit, pgsi."}],
        )
        self.assertEqual(self.errors({"answers": [0]})[0]["field"], "instrument")
        self.assertEqual(self.errors({"instrument": "audit"})[0]["field"], "answers")
        self.assertEqual(self.errors({"instrument": "audit", "answers": [0] * 101})[0]["field"], "answers")

    def test_wrong_types_and_values(self) -> None:
        cases = [
            ({"instrument": "audit", "answers": ["2"] + [0] * 9}, "answers.0"),
            ({"instrument": "audit", "answers": [True] + [0] * 9}, "answers.0"),
            ({"instrument": "audit", "answers": [1.5] + [0] * 9}, "answers.0"),
            ({"instrument": "audit", "answers": "0000000000"}, "answers"),
            ({"instrument": "audit", "answers": [0] * 10, "sex": "other"}, "sex"),
            ({"instrument": "audit", "answers": [0] * 10, "age": 15}, "age"),
            ({"instrument": "audit", "answers": [0] * 10, "age": 121}, "age"),
            ({"instrument": "audit", "answers": [0] * 10, "age": 200}, "age"),
            ({"instrument": "audit", "answers": [0] * 10, "age": "45"}, "age"),
            ({"instrument": "audit", "answers": [0] * 10, "personnummer": "19121212-1212"}, "personnummer"),
            ({"instrument": ["audit"], "answers": [0] * 10}, "instrument"),
            ({"instrument": "a" * 10_000, "answers": [0] * 10}, "instrument"),
        ]
        for body, field in cases:
            with self.subTest(body=str(body)[:80]):
                self.assertIn(field, [e["field"] for e in self.errors(body)])
        self.assertIn(
            "from 16 to 120", self.errors({"instrument": "dudit", "answers": [0] * 11, "age": 12})[0]["message"]
        )

    def test_not_json_or_not_an_object(self) -> None:
        for raw in ("{", "[]", "null", '"audit"', "<script>alert(1)</script>"):
            with self.subTest(raw=raw):
                response = self.post(raw)
                self.assertEqual(response.status_code, 400)
                self.assertNotIn("<script>", response.content.decode())

    def test_only_post_and_get_where_stated(self) -> None:
        self.assertEqual(self.client.get(SCORE).status_code, 405)
        self.assertEqual(self.client.post(INSTRUMENTS).status_code, 405)


class StatelessAndPublicTests(ApiCase):
    def test_anonymous_no_cookies_nothing_stored_nothing_logged(self) -> None:
        versions = list(InstrumentVersion.objects.values_list("pk", "definition"))
        body = {"instrument": "audit", "answers": [4, 4, 4, 4, 4, 4, 4, 4, 4, 4], "sex": "male", "age": 33}
        with self.assertLogs(level=logging.DEBUG) as logs:
            logging.getLogger("tests").debug("marker")
            response = Client(enforce_csrf_checks=True).post(SCORE, json.dumps(body), content_type="application/json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.cookies, {})
        self.assertNotIn("Set-Cookie", response)
        self.assertEqual([r.getMessage() for r in logs.records if r.name != "tests"], [])
        self.assertEqual(list(InstrumentVersion.objects.values_list("pk", "definition")), versions)

    def test_one_query_for_the_score_and_two_for_the_list(self) -> None:
        self.post({"instrument": "pgsi", "answers": [0] * 9})  # warm up
        # The public limit's counter lives in the database cache: count the screening tables' queries.
        with CaptureQueriesContext(connection) as queries:
            self.post({"instrument": "pgsi", "answers": [0] * 9})
        ours = [q["sql"] for q in queries.captured_queries if "screening_" in q["sql"]]
        self.assertEqual(len(ours), 1)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(INSTRUMENTS).status_code, 200)
        ours = [q["sql"] for q in queries.captured_queries if "screening_" in q["sql"]]
        self.assertEqual(len(ours), 2)

    @override_settings(API_PUBLIC_RATE_PER_MINUTE=3)
    def test_rate_limited_per_address(self) -> None:
        client = Client(REMOTE_ADDR="192.0.2.7")
        body = json.dumps({"instrument": "pgsi", "answers": [0] * 9})
        for _ in range(3):
            self.assertEqual(client.post(SCORE, body, content_type="application/json").status_code, 200)
        refused = client.post(SCORE, body, content_type="application/json")
        self.assertEqual(refused.status_code, 429)
        self.assertIn("Retry-After", refused)
        self.assertEqual(client.get(INSTRUMENTS).status_code, 429)
        other = Client(REMOTE_ADDR="192.0.2.8")
        self.assertEqual(other.post(SCORE, body, content_type="application/json").status_code, 200)


class InstrumentsListTests(ApiCase):
    def test_instruments_versions_and_items(self) -> None:
        listed = self.client.get(INSTRUMENTS).json()
        self.assertEqual([i["code"] for i in listed], ["audit", "audit-c", "dudit", "pgsi"])
        audit = listed[0]
        self.assertEqual(audit["version"], "1")
        self.assertEqual([v["version"] for v in audit["versions"]], ["1"])
        self.assertEqual(len(audit["items"]), 10)
        self.assertEqual(audit["items"][0]["text"]["sv"], "Hur ofta dricker du alkohol?")
        self.assertEqual([o["points"] for o in audit["items"][9]["options"]], [0, 2, 4])
        self.assertEqual(audit["skip_rules"], [{"item": 1, "points": 0, "skip": [2, 3, 4, 5, 6, 7, 8]}])
        self.assertEqual(audit["loinc_total"], "75624-7")
        self.assertEqual(audit["max_total"], 40)
        women = {"low": 0, "hazardous": 6, "harmful": 14, "dependence": 18}
        self.assertIn({"sex": "female", "age_min": None, "age_max": None, "zones": women}, audit["cutoffs"])
        dudit = listed[2]
        self.assertIn({"sex": "male", "age_min": 16, "age_max": 25,
                       "zones": {"low": 0, "problematic": 7, "dependence": 25}}, dudit["cutoffs"])  # fmt: skip


class OpenApiTests(ApiCase):
    def test_documented_as_public_with_the_fixed_fields(self) -> None:
        document = self.client.get("/api/v1/openapi.json").json()
        score = document["paths"]["/api/v1/screening/score"]["post"]
        self.assertNotIn("security", score)  # public: no sign-in
        self.assertEqual(set(score["responses"]), {"200", "400", "429"})
        schemas = document["components"]["schemas"]
        out = schemas["ScoreOut"]
        self.assertEqual(
            set(out["properties"]),
            {"instrument", "version", "total", "subscales", "positive", "zone", "advice", "message"},
        )
        body = schemas["ScoreIn"]
        self.assertEqual(body["properties"]["instrument"]["enum"], ["audit", "audit-c", "dudit", "pgsi"])
        self.assertEqual(sorted(body["required"]), ["answers", "instrument"])
        self.assertIn("/api/v1/screening/instruments", document["paths"])
        self.assertNotIn("security", document["paths"]["/api/v1/screening/instruments"]["get"])
