"""The demo county answers every question: for each of its seven municipalities, every concern, an
age in every band and every urgency, at least one unit with a phone number, and for emergencies
112 first (issue 12, "Tests")."""

from io import StringIO
from itertools import product

from django.core.management import call_command
from django.test import TestCase, override_settings

from core import demo
from directory.questions import TOPICS, Concern, Urgency, Whom
from directory.selectors import Question, guide_answer
from organisations.models import Unit

AGES = (8, 15, 20, 45, 80)  # child, youth, young adult, adult, old


@override_settings(DEMO_MODE=True, API_PUBLIC_RATE_PER_MINUTE=100_000)
class DemoCoverageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("load_demo", stdout=StringIO())

    def test_every_question_through_the_api(self) -> None:
        codes = [code for code, _town in demo.MUNICIPALITIES.values()]
        self.assertEqual(len(codes), 7)
        for code, concern, age, urgency in product(codes, Concern.values, AGES, Urgency.values):
            query = {"municipality": code, "age": age, "concern": concern, "urgency": urgency}
            response = self.client.get("/api/v1/directory/guide", query)
            self.assertEqual(response.status_code, 200, query)
            body = response.json()
            with_phone = [u for u in body["units"] if u["phone"] and u["kind"] != "peer_support"]
            self.assertTrue(with_phone, f"no unit with a phone for {query}")
            if urgency == Urgency.EMERGENCY:
                self.assertEqual(body["emergency_numbers"][0]["number"], "112", query)
            else:
                self.assertEqual(body["emergency_numbers"], [], query)

    def test_every_question_the_page_asks(self) -> None:
        codes = [code for code, _town in demo.MUNICIPALITIES.values()]
        for code, topic, whom, age, urgency in product(codes, TOPICS, Whom.values, AGES, Urgency.values):
            answer = guide_answer(Question(code, age, topic, urgency, whom))
            self.assertTrue([u for u in answer.units if u.phone], (code, topic, whom, age, urgency))

    def test_the_joint_reception_comes_first_where_there_is_one(self) -> None:
        for code in ("2281", "2262"):  # Sundsvall and Timrå share the joint reception
            answer = guide_answer(Question(code, 40, Concern.DRUGS, Urgency.SOON))
            self.assertEqual(answer.units[0].kind, "joint_reception", code)
            self.assertEqual(answer.units[0].name, "Gemensam mottagning beroende Sundsvall")
        answer = guide_answer(Question("2284", 40, Concern.DRUGS, Urgency.SOON))
        self.assertNotIn("joint_reception", [unit.kind for unit in answer.units])

    def test_the_demo_units_have_hours_as_data_and_peer_support_is_offered(self) -> None:
        without = Unit.objects.filter(opening_periods__isnull=True).values_list("name", flat=True)
        self.assertEqual(list(without), [])
        answer = guide_answer(Question("2283", 40, Concern.ALCOHOL, Urgency.ADVICE))
        self.assertEqual([u.name for u in answer.peer_support], ["Brukarföreningen Mitt – stödcenter"])

    def test_loading_again_changes_nothing(self) -> None:
        from directory.demo import load

        self.assertEqual(load(), 0)
