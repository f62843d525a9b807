"""The demo county's deficiency reports (issue 11 §8): every state, every municipality's local
council, an overdue step, an action; a second load changes nothing; the demo users see them."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from accounts.models import User
from core import demo
from deviations.models import Action, Report, State, Step
from deviations.services import steps_flag_overdue
from organisations.models import Council
from tests.personas import sign_in


@override_settings(DEMO_MODE=True)
class DemoReports(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("load_demo", stdout=StringIO())

    def test_every_state_every_municipality_and_idempotent(self) -> None:
        self.assertEqual(set(Report.objects.values_list("state", flat=True)), set(State.values))
        councils = set(Report.objects.values_list("local_council__name", flat=True))
        self.assertTrue(set(demo.LOCAL_COUNCILS.values()) <= councils)
        self.assertTrue(Report.objects.filter(reporting_principal__name=demo.REGION).exists())
        self.assertTrue(Action.objects.exists())
        self.assertGreater(int(steps_flag_overdue().split()[0]), 0)  # some are overdue
        count = Report.objects.count()
        call_command("load_demo", stdout=StringIO())
        self.assertEqual(Report.objects.count(), count)

    def test_the_demo_users_find_their_cases(self) -> None:
        manager = User.objects.get(username="demo.unit_manager")
        sign_in(self.client, manager)
        self.assertContains(self.client.get(reverse("home")), 'data-testid="deviations-panel"')
        member = User.objects.get(username="demo.council_member")
        sign_in(self.client, member)
        harnosand = Council.objects.get(name=demo.LOCAL_COUNCILS["Härnösands kommun"])
        agenda = self.client.get(reverse("deviations:council_agenda", args=[harnosand.uuid]))
        self.assertEqual(agenda.status_code, 200)
        on_table = Step.objects.filter(owner_council=harnosand, closed_at__isnull=True).first()
        assert on_table is not None
        self.assertContains(agenda, on_table.report.reference)
        sign_in(self.client, User.objects.get(username="demo.analyst"))
        self.assertEqual(self.client.get(reverse("deviations:analysis")).status_code, 200)
