"""The individual's copy (issue 9, item 7): the print view and the PDF, read as the individual would."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from access.models import EmergencyAccess
from audit.models import Action, AuditEntry, Outcome
from individuals.models import Consent
from organisations.models import Unit
from sip.models import Participant, Sip
from tests.personas import CountyTestCase
from tests.sip import world
from tests.sip_output.helpers import agreed_sip, pdf_text


def words(text: str) -> str:
    """The PDF's text with line breaks and repeated spaces as single spaces (pypdf breaks lines)."""
    return re.sub(r"\s+", " ", text)


class CopyTests(CountyTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        Unit.objects.filter(pk=cls.county.adult_unit.pk).update(phone="060-19 10 00")
        Unit.objects.filter(pk=cls.county.addiction_unit.pk).update(phone="060-18 10 00")
        cls.sip, cls.version = agreed_sip(cls.county, 300)
        world.services.participant_add_external(
            sip=cls.sip, external_kind="employment", organisation="Arbetsförmedlingen", contact_name="Eva Extern",
            contact_phone="010-486 00 00", contact_email="", actor=world.actor(cls.county.social_worker,
                                                                                cls.county.adult_unit),
            ground="sip_consent")  # fmt: skip

    def setUp(self) -> None:
        self.sign_in(self.county.social_worker)

    def pdf(self, language: str = "sv") -> str:
        self.client.cookies["django_language"] = language
        response = self.client.get(reverse("sip:pdf", args=[self.sip.uuid]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["Cache-Control"], "no-store")
        # Nothing personal in the file name: it shows in download lists.
        self.assertRegex(response["Content-Disposition"], r'^attachment; filename="sip-\d{4}-\d{2}-\d{2}\.pdf"$')
        return words(pdf_text(response.content))

    def test_the_pdf_in_plain_swedish_has_the_five_parts_who_to_call_and_the_next_follow_up(self) -> None:
        text = self.pdf("sv")
        follow_up = self.sip.next_follow_up_on
        for expected in (
            "Din samordnade individuella plan (SIP)", "Sippa Planssondotter",
            f"Personnummer {self.sip.individual.identity_display}",
            "Kommunen och regionen har gjort den här planen tillsammans med dig",
            # 1. the problem and the goals, soon and later, in the individual's own words
            "1. Vad du behöver hjälp med och dina mål", "Dricker mycket; vill behålla lägenheten.",
            "Det här vill du uppnå snart", "Sova bättre (med dina egna ord)",
            "Det här vill du uppnå på längre sikt", "Ha ett arbete",
            # 2. who does what, with dates in words
            "2. Vem som gör vad för att hjälpa dig", "Vuxenenheten Sundsvall", "Boendestöd två gånger i veckan",
            "och tills vidare", "Beroendecentrum",
            # 3, 4, 5
            "3. Hjälp från andra än kommunen och regionen", "Arbetsförmedlingen: Praktikplats",
            "4. Vem som har det övergripande ansvaret", "Sundsvalls kommun har det övergripande ansvaret för din plan.",
            "5. Vem som samordnar din plan och när den följs upp",
            f"{self.county.social_worker.get_full_name()} på Vuxenenheten Sundsvall samordnar din plan",
            f"Nästa uppföljning: {follow_up.day} ",
            # who to call: the coordinator's unit, each taking-part unit, the external party
            "Vem du kan ringa", "Samordnar din plan 060-19 10 00", "Beroendecentrum Är med i din plan 060-18 10 00",
            "Eva Extern, Arbetsförmedlingen", "010-486 00 00",
            "ring den som samordnar din plan",
        ):  # fmt: skip
            with self.subTest(expected=expected):
                self.assertIn(expected, text)
        self.assertIn(str(follow_up.year), text)
        # Plain words: no ISO dates, no staff codes, no form labels, nothing about violence.
        self.assertNotRegex(text, r"\d{4}-\d{2}-\d{2}(?!\d)")
        for staff_words in ("housing-support", "sip_consent", "comorbidity", "våld", "violence", "None", "–:"):
            with self.subTest(absent=staff_words):
                self.assertNotIn(staff_words, text)

    def test_the_pdf_in_english(self) -> None:
        text = self.pdf("en")
        for expected in ("Your coordinated individual plan (SIP)", "1. What you need help with, and your goals",
                         "Sova bättre (in your own words)", "Who to call", "Coordinates your plan 060-19 10 00",
                         "Next follow-up:"):  # fmt: skip
            with self.subTest(expected=expected):
                self.assertIn(expected, text)

    def test_the_plan_page_links_the_copy(self) -> None:
        response = self.client.get(reverse("sip:detail", args=[self.sip.uuid]))
        self.assertContains(response, f'href="{reverse("sip:print", args=[self.sip.uuid])}"')

    def test_the_print_view_renders_the_same_copy_and_links_the_pdf(self) -> None:
        response = self.client.get(reverse("sip:print", args=[self.sip.uuid]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertContains(response, 'data-testid="sip-copy"')
        self.assertContains(response, reverse("sip:pdf", args=[self.sip.uuid]))
        self.assertContains(response, "Dricker mycket; vill behålla lägenheten.")
        self.assertContains(response, "060-18 10 00")

    def test_reads_are_logged_as_print_and_export_through_the_consent(self) -> None:
        before = AuditEntry.objects.count()
        self.client.get(reverse("sip:print", args=[self.sip.uuid]))
        self.client.get(reverse("sip:pdf", args=[self.sip.uuid]))
        new = list(AuditEntry.objects.order_by("pk")[before:].values_list("action", "outcome", "individual_id",
                                                                          "ground", "unit_id"))  # fmt: skip
        expected = (Outcome.ALLOWED, self.sip.individual_id, "sip_consent", self.county.adult_unit.pk)
        self.assertEqual(new, [(Action.PRINT, *expected), (Action.EXPORT, *expected)])

    def test_a_plan_not_yet_agreed_says_so(self) -> None:
        sip = world.full_sip(self.county, 301)
        response = self.client.get(reverse("sip:print", args=[sip.uuid]))
        self.assertContains(response, 'data-testid="copy-status"')
        self.client.cookies["django_language"] = "en"
        text = words(pdf_text(self.client.get(reverse("sip:pdf", args=[sip.uuid])).content))
        self.assertIn("This plan is not agreed yet.", text)
        self.assertIn("The date of the next follow-up is not decided yet.", text)
        self.assertIn("Not decided yet.", text)

    def test_a_closed_plan_says_so_and_has_no_next_follow_up(self) -> None:
        Sip.objects.filter(pk=self.sip.pk).update(status="closed", closed_on=timezone.localdate())
        self.client.cookies["django_language"] = "en"
        text = words(pdf_text(self.client.get(reverse("sip:pdf", args=[self.sip.uuid])).content))
        self.assertIn("This plan was closed on", text)
        self.assertIn("The plan is closed: there are no more follow-ups.", text)
        self.assertNotIn("Next follow-up:", text)

    def test_nothing_is_fetched_from_outside(self) -> None:
        # A hostile goal text that would make an HTML renderer fetch: escaped, so only text.
        from sip.models import Goal

        Goal.objects.filter(sip=self.sip).update(text='<img src="http://127.0.0.1:1/x"> Sova')
        response = self.client.get(reverse("sip:print", args=[self.sip.uuid]))
        self.assertNotContains(response, '<img src="http://127.0.0.1:1/x">')
        self.assertEqual(self.client.get(reverse("sip:pdf", args=[self.sip.uuid])).status_code, 200)


class CopyRefusalTests(CountyTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.sip, _version = agreed_sip(cls.county, 310)

    def assert_logged_404(self, name: str, key: object, individual_id: int | None) -> None:
        before = AuditEntry.objects.count()
        response = self.client.get(reverse(name, args=[key]))
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(b"Planssondotter", response.content)
        denied = AuditEntry.objects.order_by("pk")[before:]
        self.assertEqual([(e.outcome, e.individual_id, e.object_type) for e in denied],
                         [(Outcome.DENIED, individual_id, "sip.sip")])  # fmt: skip

    def test_another_unit_gets_the_logged_404_like_an_unknown_plan(self) -> None:
        self.sign_in(self.county.other_municipality_worker)
        for name in ("sip:print", "sip:pdf"):
            with self.subTest(name=name):
                self.assert_logged_404(name, self.sip.uuid, self.sip.individual_id)
                self.assert_logged_404(name, "00000000-0000-4000-8000-000000000000", None)

    def test_after_the_consent_is_withdrawn_the_copy_is_gone(self) -> None:
        Consent.objects.filter(pk=self.sip.consent_id).update(withdrawn_at=timezone.now())
        self.sign_in(self.county.social_worker)
        self.assert_logged_404("sip:pdf", self.sip.uuid, self.sip.individual_id)

    def test_a_unit_that_left_the_plan_sees_nothing(self) -> None:
        Participant.objects.filter(sip=self.sip, unit=self.county.addiction_unit).update(
            left_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        self.sign_in(self.county.nurse)
        self.assert_logged_404("sip:print", self.sip.uuid, self.sip.individual_id)

    def test_emergency_access_reads_the_plan_but_gets_no_copy(self) -> None:
        EmergencyAccess.objects.create(
            user=self.county.other_municipality_worker, unit=self.county.other_municipality_unit,
            individual=self.sip.individual, reason="unconscious", explanation="Medvetslös vid ankomst",
            expires_at=timezone.now() + datetime.timedelta(hours=4),
        )  # fmt: skip
        self.sign_in(self.county.other_municipality_worker)
        self.assertEqual(self.client.get(reverse("sip:detail", args=[self.sip.uuid])).status_code, 200)
        for name, action in (("sip:print", Action.PRINT), ("sip:pdf", Action.EXPORT)):
            with self.subTest(name=name):
                before = AuditEntry.objects.count()
                self.assertEqual(self.client.get(reverse(name, args=[self.sip.uuid])).status_code, 403)
                [entry] = AuditEntry.objects.order_by("pk")[before:]
                self.assertEqual((entry.action, entry.outcome, entry.ground), (action, Outcome.DENIED, "emergency"))

    def test_anonymous_is_sent_to_sign_in(self) -> None:
        response = self.client.get(reverse("sip:pdf", args=[self.sip.uuid]))
        self.assertEqual(response.status_code, 302)
        self.assertNotIn(str(self.sip.uuid), response["Location"].split("?")[0])
