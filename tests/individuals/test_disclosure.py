"""Disclosure without consent is a separate, recorded decision with its own legal ground (security.md)."""

from django.urls import reverse

from access.models import DisclosureDecision
from audit.models import Action, AuditEntry, Outcome
from tests.individuals.base import IndividualTestCase


class DisclosureTests(IndividualTestCase):
    def test_decision_is_recorded_encrypted_and_logged(self) -> None:
        self.sign_in(self.county.social_worker)
        individual = self.register()
        url = reverse("disclosure_create", args=[individual.uuid])
        response = self.client.post(
            url,
            {"legal_ground": "sol_14_1", "recipient": "Socialtjänsten, barn och unga",
             "assessment": "Barn i hushållet, oro för omsorgen."},
        )  # fmt: skip
        self.assertEqual(response.status_code, 302)
        decision = DisclosureDecision.objects.get(individual=individual)
        self.assertEqual(decision.legal_ground, "sol_14_1")
        entry = AuditEntry.objects.filter(action=Action.DISCLOSE, individual_id=individual.pk).get()
        self.assertEqual(entry.details, {"legal_ground": "sol_14_1"})  # the ground, never the text
        page = self.client.get(individual.get_absolute_url())
        self.assertContains(page, "Socialtjänsten, barn och unga")

    def test_missing_assessment_or_unknown_ground_is_refused_and_nothing_saved(self) -> None:
        self.sign_in(self.county.social_worker)
        individual = self.register()
        url = reverse("disclosure_create", args=[individual.uuid])
        for data in (
            {"legal_ground": "osl_10_2", "recipient": "Polisen", "assessment": "   "},
            {"legal_ground": "because", "recipient": "Polisen", "assessment": "x"},
            {"legal_ground": "osl_10_2", "recipient": "P" * 201, "assessment": "x"},
        ):
            response = self.client.post(url, data)
            self.assertEqual(response.status_code, 400, data)
            self.assertContains(response, "Polisen" if len(data["recipient"]) < 50 else "PPPP", status_code=400)
        self.assertFalse(DisclosureDecision.objects.exists())

    def test_outsider_cannot_record_a_disclosure(self) -> None:
        self.sign_in(self.county.social_worker)
        individual = self.register()
        self.sign_in(self.county.other_municipality_worker)
        response = self.client.post(
            reverse("disclosure_create", args=[individual.uuid]),
            {"legal_ground": "osl_10_2", "recipient": "X", "assessment": "Y"},
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(DisclosureDecision.objects.exists())
        self.assertTrue(AuditEntry.objects.filter(outcome=Outcome.DENIED, individual_id=individual.pk).exists())
