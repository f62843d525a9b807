"""The SIP's pages render for a participant and take the main steps (a quick end-to-end check)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from sip.models import Sip
from tests.personas import CountyTestCase
from tests.sip import world


class PagesTests(CountyTestCase):
    def test_detail_and_forms_render(self) -> None:
        sip = world.full_sip(self.county, 500)
        self.sign_in(self.county.social_worker)
        for name in ("detail", "participant_unit", "participant_external", "participant_relative",
                     "participant_remove", "meeting_plan", "meeting_record", "plan_edit", "plan_agree",
                     "confirmation", "plan_follow_up", "close", "versions"):  # fmt: skip
            response = self.client.get(reverse(f"sip:{name}", args=[sip.uuid]))
            self.assertEqual(response.status_code, 200, name)
        self.assertEqual(self.client.get(reverse("sip:my_sips")).status_code, 200)
        self.assertEqual(self.client.get(reverse("sip:start", args=[sip.individual.uuid])).status_code, 200)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
        self.sign_in(self.county.nurse)
        invitation = sip.invitations.get()
        self.assertEqual(self.client.get(reverse("sip:invitation_answer", args=[invitation.uuid])).status_code, 200)
        home = self.client.get(reverse("home"))
        self.assertContains(home, reverse("sip:invitation_answer", args=[invitation.uuid]))

    def test_start_from_the_individual_page(self) -> None:
        individual = world.person(self.county, 501)
        self.sign_in(self.county.social_worker)
        page = self.client.get(individual.get_absolute_url())
        self.assertContains(page, reverse("sip:start", args=[individual.uuid]))
        start = self.client.get(reverse("sip:start", args=[individual.uuid]))
        self.assertContains(start, "consent-missing")
        world.sip_consent(self.county, individual, [self.county.adult_unit, self.county.addiction_unit])
        today = timezone.localdate()
        response = self.client.post(reverse("sip:start", args=[individual.uuid]), {
            "requested_by": "guardian", "requested_on": today.isoformat(),
            "need_recognised_on": (today - datetime.timedelta(days=2)).isoformat(),
            "coordinating_unit": str(self.county.adult_unit.uuid)})  # fmt: skip
        sip = Sip.objects.get(individual=individual)
        self.assertRedirects(response, sip.get_absolute_url())
        self.assertEqual(sip.requested_by, "guardian")


class PlanPageTests(CountyTestCase):
    def test_the_plan_page_shows_the_parts_in_words(self) -> None:
        from django.utils import translation

        from audit.models import Ground
        from sip import services
        from sip.models import TargetGroup

        sip = world.full_sip(self.county, 502)
        by = world.actor(self.county.social_worker, self.county.adult_unit)
        services.plan_save(sip=sip, revision=sip.revision, plan=world.complete_plan(self.county, sip), actor=by,
                           ground=Ground.SIP_CONSENT)  # fmt: skip
        self.sign_in(self.county.social_worker)
        response = self.client.get(reverse("sip:detail", args=[sip.uuid]))
        self.assertEqual(response["Cache-Control"], "no-store")
        with translation.override(response.wsgi_request.LANGUAGE_CODE):
            self.assertContains(response, str(TargetGroup.COMORBIDITY.label))
        for text in ("Sova bättre", "Boendestöd två gånger i veckan", "Arbetsförmedlingen", "Praktikplats",
                     self.county.sundsvall.name):  # fmt: skip
            self.assertContains(response, text)
        self.assertNotContains(response, 'data-testid="missing-parts"')
