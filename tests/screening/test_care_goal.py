"""A SIP goal cites a screening result: offered on the result's page for the goals of the plans the
user may open, refused for a goal that is not among them."""

import datetime

from django.test import TestCase
from django.urls import reverse

from screening.care_services import result_give
from screening.models import InstrumentVersion
from screening.models_care import GoalCitation
from sip.models import Goal
from tests.personas import County, sign_in
from tests.sip.world import person, sip_consent, started


class GoalCitations(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = county = County()
        cls.sippa = person(county, 620)
        sip_consent(county, cls.sippa, [county.adult_unit, county.addiction_unit])
        sip = started(county, cls.sippa)
        cls.goal = Goal.objects.create(sip=sip, term="short", text="Dricka mindre än förut", order=1)
        other = person(county, 621, last_name="Annansdotter")
        sip_consent(county, other, [county.adult_unit])
        cls.foreign_goal = Goal.objects.create(sip=started(county, other, invite=False), term="long", text="Annat")
        version = InstrumentVersion.objects.get(instrument__code="audit", is_current=True)
        cls.result = result_give(individual=cls.sippa, version=version, answers=[2, 1, 1, 0, 0, 0, 0, 0, 0, 0],
                                 sex="male", age=40, setting="follow_up", mode="interview",
                                 given_on=datetime.date.today(), unit=county.adult_unit,
                                 user=county.social_worker)  # fmt: skip

    def test_a_goal_of_the_individuals_plan_cites_the_result(self) -> None:
        sign_in(self.client, self.county.social_worker)
        page = self.client.get(self.result.get_absolute_url())
        self.assertContains(page, "Dricka mindre än förut")
        self.assertNotContains(page, "Annat")
        url = reverse("screening:result_cite", args=[self.result.uuid])
        self.assertRedirects(self.client.post(url, {"goal": self.goal.pk}), self.result.get_absolute_url())
        self.assertEqual(GoalCitation.objects.get().goal, self.goal)
        self.assertEqual(self.client.post(url, {"goal": self.foreign_goal.pk}).status_code, 400)
        self.assertEqual(self.client.post(url, {"goal": "x"}).status_code, 400)
        self.assertEqual(GoalCitation.objects.count(), 1)
