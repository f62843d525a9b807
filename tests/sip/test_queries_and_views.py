"""Query counts constant in the number of SIPs, participants, meetings and versions; the pages'
answers to bad input (400, the typed input kept, the message next to the field)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry, Ground, Outcome
from sip import services
from sip.models import Sip
from tests.personas import CountyTestCase
from tests.sip import world
from tests.sip.test_services import held_meeting


class QueryCountTests(CountyTestCase):
    def grow(self, sip: Sip, n: int) -> None:
        """More of everything on one plan: participants, meetings, versions, invitations."""
        by = world.actor(self.county.social_worker, self.county.adult_unit)
        for k in range(n):
            services.participant_add_external(sip=sip, external_kind="employment",
                                              organisation=f"Arbetsförmedlingen {k}", contact_name="Handläggare",
                                              contact_phone="070-174 06 97", contact_email="", actor=by,
                                              ground=Ground.SIP_CONSENT)  # fmt: skip
        sip.refresh_from_db()
        sip = services.plan_save(sip=sip, revision=sip.revision, plan=world.complete_plan(self.county, sip),
                                 actor=by, ground=Ground.SIP_CONSENT)  # fmt: skip
        meeting = held_meeting(sip, by)
        services.plan_agree(sip=sip, meeting=meeting, actor=by, ground=Ground.SIP_CONSENT)
        for k in range(n):
            sip.refresh_from_db()
            goals = [services.GoalInput("short", f"Mål {k}", True)]
            sip = services.plan_save(sip=sip, revision=sip.revision, plan=world.complete_plan(self.county, sip,
                                     goals=goals), actor=by, ground=Ground.SIP_CONSENT)  # fmt: skip

    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(captured)

    def test_the_plan_page_is_constant(self) -> None:
        small = world.full_sip(self.county, 540)
        large = world.full_sip(self.county, 541)
        self.grow(small, 1)
        self.grow(large, 6)
        self.sign_in(self.county.social_worker)
        self.count(reverse("sip:detail", args=[small.uuid]))  # warm the session and caches
        few = self.count(reverse("sip:detail", args=[small.uuid]))
        many = self.count(reverse("sip:detail", args=[large.uuid]))
        self.assertEqual(few, many)
        self.assertEqual(self.count(reverse("sip:versions", args=[small.uuid])),
                         self.count(reverse("sip:versions", args=[large.uuid])))  # fmt: skip

    def test_my_sips_is_constant(self) -> None:
        first = world.full_sip(self.county, 542)
        self.sign_in(self.county.social_worker)
        url = reverse("sip:my_sips") + "?show=all"
        self.count(url)
        one = self.count(url)
        self.grow(first, 3)
        for serial in range(543, 549):
            self.grow(world.full_sip(self.county, serial), 2)
        many = self.count(url)
        self.assertEqual(one, many)
        response = self.client.get(url)
        self.assertEqual(len(response.context["rows"]), 7)
        entry = AuditEntry.objects.filter(user_id=self.county.social_worker.pk, object_type="sip.sip").last()
        self.assertIsNotNone(entry)


class ViewInputTests(CountyTestCase):
    def setUp(self) -> None:
        self.sip = world.full_sip(self.county, 550)
        self.sign_in(self.county.social_worker)

    def test_a_past_follow_up_keeps_what_was_typed(self) -> None:
        url = reverse("sip:plan_edit", args=[self.sip.uuid])
        data = {"revision": self.sip.revision, "problem": "Mitt eget problem<script>", "children_considered": "not_yet",
                "violence_result": "not_asked", "pregnancy": "not_applicable",
                "next_follow_up_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
                "goal_0_term": "short", "goal_0_text": "Egen formulering"}  # fmt: skip
        response = self.client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Egen formulering", status_code=400)
        self.assertContains(response, "Mitt eget problem&lt;script&gt;", status_code=400)
        self.assertContains(response, 'href="#id_next_follow_up_on"', status_code=400)
        self.sip.refresh_from_db()
        self.assertEqual(self.sip.problem, "")
        denied = AuditEntry.objects.filter(individual_id=self.sip.individual_id, outcome=Outcome.DENIED).last()
        assert denied is not None
        self.assertTrue(denied.details.get("invalid"))

    def test_the_second_of_two_saves_is_told_and_sees_what_changed(self) -> None:
        url = reverse("sip:plan_edit", args=[self.sip.uuid])
        base = {"children_considered": "not_yet", "violence_result": "not_asked", "pregnancy": "not_applicable",
                "revision": self.sip.revision}  # fmt: skip
        first = self.client.post(url, {**base, "problem": "Först sparat"})
        self.assertEqual(first.status_code, 302)
        second = self.client.post(url, {**base, "problem": "Mitt andra förslag"})
        self.assertEqual(second.status_code, 400)
        self.assertContains(second, "Mitt andra förslag", status_code=400)  # nothing lost
        self.assertContains(second, "Först sparat", status_code=400)  # what the other saved
        self.sip.refresh_from_db()
        self.assertEqual(self.sip.problem, "Först sparat")
        self.assertContains(second, f'name="revision" value="{self.sip.revision}"', status_code=400)

    def test_oversized_and_wrong_input_on_forms(self) -> None:
        meeting = services.meeting_plan(sip=self.sip, starts_at=timezone.now() + datetime.timedelta(hours=1),
                                        mode="phone", place="", actor=world.actor(self.county.social_worker,
                                        self.county.adult_unit), ground=Ground.SIP_CONSENT)  # fmt: skip
        Sip.objects.filter(pk=self.sip.pk)
        type(meeting).objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
        response = self.client.post(reverse("sip:meeting_record", args=[self.sip.uuid]),
                                    {"meeting": str(meeting.uuid), "minutes": "y" * 20001})  # fmt: skip
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "20001", status_code=400)
        for name, data in (("meeting_plan", {"starts_at": "igår", "mode": "tv"}),
                           ("participant_unit", {"unit": "00000000-0000-4000-8000-000000000000"}),
                           ("participant_external", {"external_kind": "employment", "organisation": "x" * 201}),
                           ("close", {"reason": ""}),
                           ("plan_agree", {"meeting": str(meeting.uuid)})):  # fmt: skip
            response = self.client.post(reverse(f"sip:{name}", args=[self.sip.uuid]), data)
            self.assertEqual(response.status_code, 400, name)
        self.sip.refresh_from_db()
        self.assertTrue(self.sip.is_active)


class InviteViewTests(CountyTestCase):
    def setUp(self) -> None:
        individual = world.person(self.county, 560)
        world.sip_consent(self.county, individual, [self.county.adult_unit, self.county.addiction_unit])
        self.sip = world.started(self.county, individual, invite=False)
        self.sign_in(self.county.social_worker)
        self.url = reverse("sip:participant_unit", args=[self.sip.uuid])
        self.later = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()

    def test_a_unit_and_named_staff_are_invited_in_one_step(self) -> None:
        response = self.client.post(
            self.url,
            {
                "unit": str(self.county.addiction_unit.uuid),
                "staff_email": self.county.nurse.email.upper(),
                "answer_by": self.later,
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(self.sip.participants.filter(kind="staff", user=self.county.nurse).exists())
        self.assertEqual(self.sip.invitations.count(), 1)

    def test_nothing_is_half_stored(self) -> None:
        past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
        for data in ({"unit": str(self.county.addiction_unit.uuid), "answer_by": past},
                     {"unit": str(self.county.addiction_unit.uuid), "staff_email": "nobody@example.invalid",
                      "answer_by": self.later},
                     {"unit": str(self.county.addiction_unit.uuid), "staff_email": self.county.analyst.email,
                      "answer_by": self.later}):  # fmt: skip
            response = self.client.post(self.url, data)
            self.assertEqual(response.status_code, 400, data)
            self.assertFalse(self.sip.participants.filter(unit=self.county.addiction_unit).exists(), data)
            self.assertFalse(self.sip.invitations.exists())
