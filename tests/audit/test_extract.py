"""The individual's log extract (PDL 8 kap 5 §): a page and a PDF, produced by a manager, logged."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from access.models import SecrecyAssessment
from audit.models import Action, AuditEntry, Ground, Outcome
from individuals.models import ActiveRelation, Individual
from organisations.roles import Role
from tests.individuals.base import NUMBER, IndividualTestCase

OTHER_NUMBER = "19800229-0008"  # a second, valid personnummer of the same fictional kind


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


class ExtractTestCase(IndividualTestCase):
    def setUp(self) -> None:
        self.sign_in(self.county.social_worker)
        self.individual = self.register()
        self.client.get(self.individual.get_absolute_url())
        self.sign_in(self.county.nurse)
        # The region's addiction unit takes the same person on (an explicit step: the number is known).
        self.client.post(reverse("individual_take_on"), {"number": "191212121212", "contact_kind": "care",
                                                         "confirm": "on"})  # fmt: skip
        self.sign_in(self.county.manager)

    def extract_url(self, individual: Individual | None = None, name: str = "log_extract") -> str:
        return reverse(name, args=[(individual or self.individual).uuid])


class ExtractFindTests(ExtractTestCase):
    def test_finding_by_number_leads_to_the_extract_and_is_logged(self) -> None:
        response = self.client.post(reverse("log_extract_find"), {"number": NUMBER})
        self.assertRedirects(response, self.extract_url())
        search = AuditEntry.objects.filter(action=Action.SEARCH, user=self.county.manager).get()
        self.assertEqual((search.ground, search.outcome, search.individual_id),
                         (Ground.MANAGEMENT, Outcome.ALLOWED, self.individual.pk))  # fmt: skip
        self.assertNotIn("19121212", response["Location"])

    def test_unknown_and_not_ours_look_the_same(self) -> None:
        self.sign_in(self.county.nurse)
        self.register(OTHER_NUMBER)  # known, but only at the region's unit
        self.sign_in(self.county.manager)
        messages = []
        for number in (OTHER_NUMBER, "19850505-0008"):
            response = self.client.post(reverse("log_extract_find"), {"number": number})
            self.assertEqual(response.status_code, 400)
            summary = response.content.decode().split('class="error-summary"')[1]
            messages.append(summary.split("</ul>")[0])
        self.assertEqual(messages[0], messages[1])
        denied = AuditEntry.objects.filter(action=Action.SEARCH, outcome=Outcome.DENIED, user=self.county.manager)
        self.assertEqual(denied.count(), 2)

    def test_bad_numbers_get_a_clear_message(self) -> None:
        cases = {"": "Detta fält måste fyllas i", "19121212-1213": "kontrollsiffra", "x" * 21: "som mest 20",
                 "<b>x</b>": "siffror"}  # fmt: skip
        for number, message in cases.items():
            with self.subTest(number=number[:20]):
                response = self.client.post(reverse("log_extract_find"), {"number": number})
                self.assertContains(response, message, status_code=400)
                self.assertNotContains(response, "<b>x</b>", status_code=400)


class ExtractPageTests(ExtractTestCase):
    def test_page_lists_which_unit_read_and_when_and_is_logged(self) -> None:
        response = self.client.get(self.extract_url())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Vuxenenheten Sundsvall")
        self.assertContains(response, "Beroendecentrum")
        self.assertContains(response, "Region Testnorrland")
        self.assertContains(response, "Fiktiv")
        entry = AuditEntry.objects.filter(action=Action.LOG_EXTRACT).latest("id")
        self.assertEqual((entry.user_id, entry.ground, entry.individual_id),
                         (self.county.manager.pk, Ground.MANAGEMENT, self.individual.pk))  # fmt: skip

    def test_ended_relation_still_allows_the_extract(self) -> None:
        ActiveRelation.objects.filter(individual=self.individual, unit=self.county.adult_unit).update(
            ended_on=timezone.localdate()
        )
        self.assertEqual(self.client.get(self.extract_url()).status_code, 200)

    def test_merged_record_history_is_included(self) -> None:
        self.sign_in(self.county.nurse)
        other = self.register(OTHER_NUMBER)
        self.client.get(other.get_absolute_url())
        self.sign_in(self.county.social_worker)
        # The region's record turns out to be the same person: the unit manager merges the two records
        # (an identity change never does), once the adult unit has the other record too.
        self.client.post(reverse("individual_take_on"), {"number": OTHER_NUMBER, "contact_kind": "support",
                                                         "confirm": "on"})  # fmt: skip
        self.sign_in(self.county.manager)
        response = self.client.post(reverse("merge_start", args=[self.individual.uuid]), {
            "number": OTHER_NUMBER, "confirm_step": "1", "confirm": "on", "take_identity": "survivor",
            "take_birth_date": "survivor", "take_legal_sex": "survivor"})  # fmt: skip
        self.assertEqual(response.status_code, 302, response.content[:3000])
        response = self.client.get(self.extract_url())
        nurse_reads = AuditEntry.objects.filter(individual_id=other.pk, action=Action.READ).count()
        self.assertGreater(nurse_reads, 0)
        self.assertContains(response, "Beroendecentrum")

    def test_other_managers_and_other_roles_are_refused(self) -> None:
        self.sign_in(self.county.social_worker)
        self.assertEqual(self.client.get(self.extract_url()).status_code, 404)  # as for anyone not let in
        self.assertEqual(self.client.get(reverse("log_extract_find")).status_code, 403)
        other_manager = self.county._staff("othermanager", self.county.other_municipality_unit, Role.UNIT_MANAGER)
        self.sign_in(other_manager)
        for name in ("log_extract", "log_extract_pdf"):
            with self.subTest(name):
                response = self.client.get(self.extract_url(name=name))
                self.assertEqual(response.status_code, 404)
                self.assertNotContains(response, "Fiktiv", status_code=404)
        denied = AuditEntry.objects.filter(user=other_manager, outcome=Outcome.DENIED, individual_id=self.individual.pk)
        self.assertEqual(denied.count(), 2)
        self.assertTrue(AuditEntry.objects.filter(user=self.county.social_worker, action=Action.LOG_EXTRACT,
                                                  outcome=Outcome.DENIED).exists())  # fmt: skip
        missing = reverse("log_extract", args=["00000000-0000-4000-8000-000000000000"])
        self.assertEqual(self.client.get(missing).status_code, 404)


class ExtractPdfTests(ExtractTestCase):
    def test_pdf_holds_the_extract_and_is_logged_as_export(self) -> None:
        response = self.client.get(self.extract_url(name="log_extract_pdf"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertNotIn("1912", response["Content-Disposition"])
        text = pdf_text(response.content)
        self.assertIn("Loggutdrag", text)
        self.assertIn("Fia Fiktiv", text)
        self.assertIn("19121212-1212", text)
        self.assertIn("Beroendecentrum", text)
        entry = AuditEntry.objects.filter(action=Action.EXPORT).get()
        self.assertEqual((entry.individual_id, entry.ground), (self.individual.pk, Ground.MANAGEMENT))

    def test_pdf_in_english(self) -> None:
        self.client.cookies["django_language"] = "en"
        response = self.client.get(self.extract_url(name="log_extract_pdf"))
        self.assertIn("Log extract", pdf_text(response.content))


class ProtectedExtractTests(ExtractTestCase):
    def setUp(self) -> None:
        super().setUp()
        Individual.objects.filter(pk=self.individual.pk).update(protected_identity=True)

    def assess(self, allowed: str, reasoning: str = "Ingen risk att lämna ut till den enskilde själv."):  # type: ignore[no-untyped-def]
        url = self.extract_url(name="log_extract_assessment")
        return self.client.post(url, {"disclosure_allowed": allowed, "reasoning": reasoning})

    def test_no_pdf_without_an_assessment_that_allows_it(self) -> None:
        pdf = self.extract_url(name="log_extract_pdf")
        self.assertRedirects(self.client.get(pdf), self.extract_url())
        self.assess("no")
        self.assertRedirects(self.client.get(pdf), self.extract_url())
        two_days_ago = timezone.now() - datetime.timedelta(days=2)
        SecrecyAssessment.objects.update(disclosure_allowed=True, created_at=two_days_ago)
        self.assertRedirects(self.client.get(pdf), self.extract_url())  # too old to count
        self.assertRedirects(self.assess("yes"), self.extract_url())
        response = self.client.get(pdf)
        self.assertEqual(response["Content-Type"], "application/pdf")
        assessment = SecrecyAssessment.objects.latest("created_at")
        self.assertEqual((assessment.purpose, assessment.user), ("log_extract", self.county.manager))
        self.assertTrue(AuditEntry.objects.filter(object_type="access.secrecyassessment").exists())

    def test_assessment_bad_input(self) -> None:
        cases = {"no reasoning": ("yes", "   "), "no outcome": ("", "x"), "hostile outcome": ("<script>", "x"),
                 "too long": ("yes", "x" * 2001)}  # fmt: skip
        for name, (allowed, reasoning) in cases.items():
            with self.subTest(name):
                response = self.assess(allowed, reasoning)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "error-summary", status_code=400)
        self.assertFalse(SecrecyAssessment.objects.exists())
