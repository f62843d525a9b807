"""The demo county's screening history: results over time for the fictional individuals, loaded
once (a second load adds nothing), shown on their pages to the demo users who work with them."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings

from accounts.models import User
from screening.models_care import Checklist, Interview, Result
from tests.personas import sign_in


@override_settings(DEMO_MODE=True)
class DemoScreening(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("load_demo", stdout=StringIO())

    def test_results_over_time_and_idempotent(self) -> None:
        counts = (Result.objects.count(), Checklist.objects.count(), Interview.objects.count())
        self.assertEqual(counts, (14, 1, 1))
        self.assertTrue(all(r.individual.is_fictional for r in Result.objects.select_related("individual")))
        call_command("load_demo", stdout=StringIO())
        self.assertEqual((Result.objects.count(), Checklist.objects.count(), Interview.objects.count()), counts)

    def test_the_nurse_sees_alexs_chart(self) -> None:
        alex = Result.objects.filter(version__instrument__code="dudit", unit__name="Beroendecentrum Sundsvall").first()
        assert alex is not None
        sign_in(self.client, User.objects.get(username="demo.nurse"))
        page = self.client.get(alex.individual.get_absolute_url())
        self.assertContains(page, 'data-testid="chart-audit"')
        self.assertContains(page, 'data-testid="chart-dudit"')
        self.assertContains(page, "ASI-grundutbildning 2024")
