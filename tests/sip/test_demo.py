"""The demo county's SIPs (issue 9 §11): every state, a second load changes nothing, and the SIP
coordinator, the social worker and the nurse open a living list."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from accounts.models import User
from sip.models import InvitationAnswer, Sip, SipStatus
from tests.personas import sign_in


@override_settings(DEMO_MODE=True)
class DemoSips(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("load_demo", stdout=StringIO())

    def test_every_state_and_idempotent(self) -> None:
        self.assertEqual(set(Sip.objects.values_list("status", flat=True)),
                         set(SipStatus.values) - {SipStatus.FOLLOW_UP})  # fmt: skip
        self.assertTrue(Sip.objects.filter(invitations__answer=InvitationAnswer.DECLINED).exists())
        count = Sip.objects.count()
        call_command("load_demo", stdout=StringIO())
        self.assertEqual(Sip.objects.count(), count)
        self.assertTrue(all(s.individual.is_fictional for s in Sip.objects.select_related("individual")))

    def test_the_demo_users_open_a_living_list(self) -> None:
        for username in ("demo.sip_coordinator", "demo.social_worker", "demo.nurse"):
            sign_in(self.client, User.objects.get(username=username))
            response = self.client.get(reverse("sip:my_sips") + "?show=all")
            self.assertEqual(response.status_code, 200)
            rows = response.context["rows"]
            self.assertGreaterEqual(len(rows), 4 if username == "demo.nurse" else 6, username)
            self.assertTrue(any(r.follow_up_overdue for r in rows), username)
            for row in rows[:2]:
                self.assertEqual(self.client.get(row.sip.get_absolute_url()).status_code, 200)
        sign_in(self.client, User.objects.get(username="demo.nurse"))
        self.assertContains(self.client.get(reverse("home")), 'data-testid="sip-invitations"')
