"""The instrument versions page (/screening/instruments/): the county administrator and the
analyst add a corrected version and make it current; everyone else is refused."""

import copy
import json

from screening.loader import load_instruments
from screening.models import InstrumentVersion
from tests.personas import CountyTestCase

LIST = "/screening/instruments/"
NEW = "/screening/instruments/new/?instrument=pgsi"
CURRENT = "/screening/instruments/current/"


class VersionPageTests(CountyTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load_instruments()

    def setUp(self) -> None:
        super().setUp()
        self.pgsi = InstrumentVersion.objects.get(instrument__code="pgsi", is_current=True)

    def corrected(self) -> dict[str, str]:
        data = copy.deepcopy(self.pgsi.definition)
        data["version"] = "2"
        data["cutoffs"][0]["zones"]["moderate"] = 4
        return {"version": "2", "definition": json.dumps(data, ensure_ascii=False), "note": "Moderate from 4"}

    def test_only_the_county_administrator_and_the_analyst(self) -> None:
        for user in (self.county.nurse, self.county.social_worker, self.county.manager):
            with self.subTest(user=user.username):
                self.sign_in(user)
                self.assertEqual(self.client.get(LIST).status_code, 403)
                self.assertEqual(self.client.post(NEW, self.corrected()).status_code, 403)
                self.assertEqual(self.client.post(CURRENT, {"version": self.pgsi.pk}).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(LIST).status_code, 302)
        self.assertFalse(InstrumentVersion.objects.filter(version="2").exists())
        for user in (self.county.admin, self.county.analyst):
            with self.subTest(user=user.username):
                self.sign_in(user)
                self.assertEqual(self.client.get(LIST).status_code, 200)

    def test_add_a_version_then_make_it_current(self) -> None:
        self.sign_in(self.county.admin)
        form = self.client.get(NEW)
        self.assertContains(form, "Har du satsat mer pengar")  # a copy of the current definition
        response = self.client.post(NEW, self.corrected())
        self.assertRedirects(response, LIST, fetch_redirect_response=False)
        new = InstrumentVersion.objects.get(instrument__code="pgsi", version="2")
        self.assertEqual((new.is_current, new.created_by, new.note), (False, self.county.admin, "Moderate from 4"))
        page = self.client.get(LIST).content.decode()
        self.assertIn("Moderate from 4", page)
        self.client.post(CURRENT, {"version": new.pk})
        new.refresh_from_db()
        self.pgsi.refresh_from_db()
        self.assertEqual((new.is_current, self.pgsi.is_current), (True, False))
        # The API now scores with version 2: 3 points is low risk there.
        answer = self.client.post(
            "/api/v1/screening/score",
            json.dumps({"instrument": "pgsi", "answers": [1, 1, 1, 0, 0, 0, 0, 0, 0]}),
            content_type="application/json",
        ).json()
        self.assertEqual((answer["version"], answer["zone"]["code"]), ("2", "low"))

    def test_bad_input_is_refused_and_kept(self) -> None:
        self.sign_in(self.county.analyst)
        bad = self.corrected()
        bad["definition"] = bad["definition"].replace('"moderate": 4', '"moderate": 40')
        response = self.client.post(NEW, bad)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "starts must rise", status_code=400)
        self.assertContains(response, "Moderate from 4", status_code=400)
        for definition in ("{", "[]", "x" * 200_001):
            with self.subTest(definition=definition[:10]):
                response = self.client.post(NEW, {**bad, "definition": definition})
                self.assertEqual(response.status_code, 400)
        self.assertEqual(self.client.get("/screening/instruments/new/?instrument=nope").status_code, 404)
        self.assertEqual(self.client.post(CURRENT, {"version": "<script>"}).status_code, 404)
        self.assertFalse(InstrumentVersion.objects.filter(version="2").exists())
        self.assertTrue(InstrumentVersion.objects.get(pk=self.pgsi.pk).is_current)
