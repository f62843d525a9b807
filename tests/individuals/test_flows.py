"""The main flows for individuals through real views: find, register, page, consent, withdraw."""

import datetime

from django.urls import reverse

from audit.models import Action, AuditEntry, Ground, Outcome
from individuals.models import ActiveRelation, Consent, Individual
from tests.individuals.base import ENGLISH, NUMBER, IndividualTestCase


class IndividualFlowTests(IndividualTestCase):
    def test_find_unknown_offers_registration_without_number_in_url(self) -> None:
        self.sign_in(self.county.social_worker)
        response = self.client.post(reverse("individual_find"), {"number": NUMBER})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, reverse("individual_register"))
        self.assertContains(response, 'value="19121212-1212"')  # what they typed is kept
        entry = AuditEntry.objects.get(action=Action.SEARCH)
        self.assertEqual((entry.outcome, entry.individual_id), (Outcome.DENIED, None))

    def test_register_opens_relation_and_page_is_logged(self) -> None:
        self.sign_in(self.county.social_worker)
        individual = self.register()
        self.assertEqual(individual.birth_date, datetime.date(1912, 12, 12))
        self.assertTrue(ActiveRelation.objects.filter(individual=individual, unit=self.county.adult_unit).exists())
        response = self.client.get(individual.get_absolute_url())
        self.assertContains(response, "Fiktiv")
        self.assertContains(response, "19121212-1212")
        read = AuditEntry.objects.filter(action=Action.READ, individual_id=individual.pk).latest("id")
        self.assertEqual((read.ground, read.unit_id, read.user_id), (Ground.RELATION, self.county.adult_unit.pk,
                                                                    self.county.social_worker.pk))  # fmt: skip

    def test_registering_a_known_number_never_merges_nor_shows_it(self) -> None:
        self.client.cookies.load(ENGLISH)
        self.sign_in(self.county.social_worker)
        first = self.register()
        self.sign_in(self.county.nurse)
        data = {"number": "191212121212", "first_name": "Annan", "last_name": "Namnsson", "contact_kind": "care"}
        response = self.client.post(reverse("individual_register"), data)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "belongs to a person who is already registered", status_code=409)
        self.assertContains(response, "names you typed have not been saved", status_code=409)
        self.assertNotContains(response, "Fiktiv", status_code=409)  # the record is not shown
        self.assertEqual(Individual.objects.count(), 1)
        first.refresh_from_db()
        self.assertEqual((first.first_name, first.last_name), ("Fia", "Fiktiv"))
        self.assertEqual(ActiveRelation.objects.filter(individual=first).count(), 1)
        self.assertEqual(self.client.get(first.get_absolute_url()).status_code, 404)
        refused = AuditEntry.objects.filter(action=Action.SEARCH, details__refused="already_registered").get()
        self.assertEqual((refused.outcome, refused.individual_id), (Outcome.DENIED, first.pk))

    def test_taking_on_an_existing_person_is_confirmed_and_flagged(self) -> None:
        self.sign_in(self.county.social_worker)
        first = self.register()
        self.sign_in(self.county.nurse)
        url = reverse("individual_take_on")
        unconfirmed = self.client.post(url, {"number": NUMBER, "contact_kind": "care"})
        self.assertEqual(unconfirmed.status_code, 400)
        self.assertEqual(ActiveRelation.objects.filter(individual=first).count(), 1)
        response = self.client.post(url, {"number": "19121212 1212", "contact_kind": "care", "confirm": "on"})
        self.assertEqual(response.status_code, 400)  # bad number: refused, nothing opened
        response = self.client.post(url, {"number": NUMBER, "contact_kind": "care", "confirm": "on"})
        self.assertRedirects(response, first.get_absolute_url())
        relation = ActiveRelation.objects.get(individual=first, unit=self.county.addiction_unit)
        entry = AuditEntry.objects.get(action=Action.CREATE, object_id=str(relation.pk))
        self.assertEqual((entry.ground, entry.details), (Ground.REGISTRATION, {"taken_on_existing": True}))
        self.assertEqual(Individual.objects.count(), 1)

    def test_outsider_gets_404_and_the_attempt_is_logged(self) -> None:
        self.sign_in(self.county.social_worker)
        individual = self.register()
        self.sign_in(self.county.other_municipality_worker)
        response = self.client.get(individual.get_absolute_url())
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, "Fiktiv", status_code=404)
        denied = AuditEntry.objects.filter(outcome=Outcome.DENIED, individual_id=individual.pk)
        self.assertEqual(denied.count(), 1)

    def test_consent_recorded_shown_in_plain_words_and_withdrawn(self) -> None:
        self.sign_in(self.county.social_worker)
        individual = self.register()
        url = reverse("consent_create", args=[individual.uuid])
        response = self.client.post(
            url,
            {
                "given_by": "individual",
                "for_sip": "on",
                "parties": [self.county.adult_unit.uuid, self.county.addiction_unit.uuid],
                "form": "written",
                "valid_from": "2026-01-01",
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        consent = Consent.objects.get(individual=individual)
        # The nurse's unit is a party to a SIP consent: she can now see the individual.
        self.sign_in(self.county.nurse)
        self.assertEqual(self.client.get(individual.get_absolute_url()).status_code, 200)
        # Withdrawal takes effect at once.
        self.sign_in(self.county.social_worker)
        self.client.post(reverse("consent_withdraw", args=[individual.uuid, consent.uuid]))
        consent.refresh_from_db()
        self.assertIsNotNone(consent.withdrawn_at)
        self.sign_in(self.county.nurse)
        self.assertEqual(self.client.get(individual.get_absolute_url()).status_code, 404)

    def test_consent_with_end_before_start_or_no_party_is_refused(self) -> None:
        self.sign_in(self.county.social_worker)
        individual = self.register()
        url = reverse("consent_create", args=[individual.uuid])
        data = {"given_by": "individual", "for_sip": "on", "form": "oral", "valid_from": "2026-05-01",
                "valid_until": "2026-04-01", "parties": [self.county.adult_unit.uuid]}  # fmt: skip
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 400)
        data.pop("valid_until")
        data.pop("parties")
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Consent.objects.count(), 0)
