"""Issue 7 §1 and §5: an identity change never takes over another record, a relation cannot be opened
on emergency access alone, closing a relation ends access at once, and the emergency form logs an
unknown number."""

import datetime

from django.urls import reverse
from django.utils import timezone

from access.models import EmergencyAccess
from audit.models import Action, AuditEntry, Ground, Outcome
from individuals.models import ActiveRelation, Child, Individual, PreviousIdentity, Relative
from tests.individuals.base import ENGLISH, NUMBER, IndividualTestCase

TOLVAN = "19800101-D001"
TOLVAN_PNR = "19121272-1219"  # a samordningsnummer, later replaced
OTHER = "20000229-0005"


class IdentityTakeoverTests(IndividualTestCase):
    def setUp(self) -> None:
        # Tolvan is at the adult unit, with a relative and a child note: what the attack stole.
        self.client.cookies.load(ENGLISH)
        self.sign_in(self.county.social_worker)
        self.tolvan = self.register(TOLVAN_PNR)
        self.client.post(reverse("relative_create", args=[self.tolvan.uuid]),
                         {"name": "Anhörig Hemlig", "relation": "sibling", "phone": "070-111 22 33"})  # fmt: skip
        self.client.post(reverse("child_create", args=[self.tolvan.uuid]),
                         {"birth_year": 2016, "note": "Barnanteckning"})  # fmt: skip
        self.tolvan.refresh_from_db()

    def attack(self, number: str):  # type: ignore[no-untyped-def]
        """The nurse (no access to Tolvan) registers someone new and gives them Tolvan's number."""
        self.sign_in(self.county.nurse)
        self.fake = self.register(NUMBER)
        self.fake.phone = "070-999 99 99"
        self.fake.save(update_fields=["phone"])
        return self.client.post(reverse("identity_change", args=[self.fake.uuid]), {"number": number})

    def assert_refused_and_untouched(self, response) -> None:  # type: ignore[no-untyped-def]
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "belongs to another record", status_code=400)
        self.assertContains(response, "unit manager can merge", status_code=400)
        for secret in ("Anhörig Hemlig", "Barnanteckning", "070-111", "Fiktiv Tolvan"):
            self.assertNotContains(response, secret, status_code=400)
        tolvan = Individual.objects.get(pk=self.tolvan.pk)
        self.assertEqual((tolvan.identity_hash, tolvan.merged_into_id), (self.tolvan.identity_hash, None))
        self.assertEqual(Relative.objects.get().individual_id, tolvan.pk)
        self.assertEqual(Child.objects.get().individual_id, tolvan.pk)
        fake = Individual.objects.get(pk=self.fake.pk)
        self.assertEqual((fake.identity_number, fake.phone, fake.merged_into_id), ("191212121212", "070-999 99 99",
                                                                                    None))  # fmt: skip
        self.assertFalse(PreviousIdentity.objects.filter(individual=fake).exists())
        self.assertEqual(self.client.get(tolvan.get_absolute_url()).status_code, 404)
        # Logged as what happened: a refused attempt on the fake record, never an allowed change.
        refused = AuditEntry.objects.get(details__refused="number_of_another_record")
        self.assertEqual((refused.outcome, refused.individual_id, refused.user_id),
                         (Outcome.DENIED, fake.pk, self.county.nurse.pk))  # fmt: skip
        self.assertFalse(AuditEntry.objects.filter(details__identity_replaced=True, individual_id=fake.pk).exists())
        self.assertFalse(
            AuditEntry.objects.filter(individual_id=tolvan.pk, user=self.county.nurse, outcome=Outcome.ALLOWED).exists()
        )

    def test_the_number_of_another_record_is_refused(self) -> None:
        self.assert_refused_and_untouched(self.attack(TOLVAN_PNR))

    def test_another_records_previous_number_is_refused(self) -> None:
        self.client.post(reverse("identity_change", args=[self.tolvan.uuid]), {"number": OTHER})
        self.tolvan.refresh_from_db()
        self.assertTrue(PreviousIdentity.objects.filter(individual=self.tolvan).exists())
        self.assert_refused_and_untouched(self.attack(TOLVAN_PNR))

    def test_a_protected_record_is_refused_the_same_way(self) -> None:
        Individual.objects.filter(pk=self.tolvan.pk).update(protected_identity=True)
        self.assert_refused_and_untouched(self.attack(TOLVAN_PNR))

    def test_an_honest_replacement_keeps_every_detail(self) -> None:
        self.tolvan.address, self.tolvan.phone = "Storgatan 1", "070-123 45 67"
        self.tolvan.save(update_fields=["address", "phone"])
        response = self.client.post(reverse("identity_change", args=[self.tolvan.uuid]), {"number": OTHER})
        self.assertEqual(response.status_code, 302, response.content[:1000])
        tolvan = Individual.objects.get(pk=self.tolvan.pk)
        self.assertEqual((tolvan.identity_number, tolvan.address, tolvan.phone),
                         ("200002290005", "Storgatan 1", "070-123 45 67"))  # fmt: skip
        self.assertEqual(tolvan.birth_date, datetime.date(2000, 2, 29))
        # A reserve number says nothing of birth or sex: the record keeps what it knows.
        self.client.post(reverse("identity_change", args=[self.tolvan.uuid]), {"number": "19850505d099"})
        tolvan.refresh_from_db()
        self.assertEqual((tolvan.identity_number, tolvan.birth_date, tolvan.legal_sex),
                         ("19850505-D099", datetime.date(2000, 2, 29), "female"))  # fmt: skip
        # The old numbers still find the record.
        self.client.post(reverse("individual_find"), {"number": TOLVAN_PNR})
        self.assertEqual(self.client.post(reverse("individual_find"), {"number": TOLVAN_PNR}).status_code, 302)

    def test_own_current_or_earlier_number_is_refused_with_a_message(self) -> None:
        url = reverse("identity_change", args=[self.tolvan.uuid])
        self.assertContains(self.client.post(url, {"number": TOLVAN_PNR}), "already the individual", status_code=400)
        self.client.post(url, {"number": OTHER})
        self.assertContains(self.client.post(url, {"number": TOLVAN_PNR}), "number before", status_code=400)


class EmergencyThenRelationTests(IndividualTestCase):
    """The issue's scenario: the physician takes emergency access to Elva, then opens a relation."""

    def setUp(self) -> None:
        self.client.cookies.load(ENGLISH)
        self.sign_in(self.county.social_worker)
        self.elva = self.register()
        self.sign_in(self.county.nurse)
        response = self.client.post(reverse("emergency_access"), {"number": NUMBER, "reason": "life_or_health",
                                                                  "explanation": "Medvetslös."})  # fmt: skip
        self.assertEqual(response.status_code, 302)

    def test_relation_under_emergency_access_alone_is_refused_and_access_ends(self) -> None:
        url = reverse("relation_open", args=[self.elva.uuid])
        response = self.client.post(url, {"contact_kind": "care"}, follow=True)
        self.assertContains(response, "only under emergency access", status_code=400)  # an explicit refusal
        self.assertFalse(ActiveRelation.objects.filter(unit=self.county.addiction_unit).exists())
        refused = AuditEntry.objects.get(details__refused="only_emergency_access")
        self.assertEqual((refused.outcome, refused.individual_id), (Outcome.DENIED, self.elva.pk))
        # Taking on by number is the same step and refused the same way.
        response = self.client.post(reverse("individual_take_on"),
                                    {"number": NUMBER, "contact_kind": "care", "confirm": "on"})  # fmt: skip
        self.assertContains(response, "only under emergency access", status_code=400)
        self.assertFalse(ActiveRelation.objects.filter(unit=self.county.addiction_unit).exists())
        # When the emergency access expires, nothing is left.
        EmergencyAccess.objects.update(started_at=timezone.now() - datetime.timedelta(hours=5),
                                       expires_at=timezone.now() - datetime.timedelta(hours=1))  # fmt: skip
        self.assertEqual(self.client.get(self.elva.get_absolute_url()).status_code, 404)

    def test_emergency_form_with_unknown_number_is_logged_without_the_number(self) -> None:
        before = AuditEntry.objects.count()
        response = self.client.post(reverse("emergency_access"), {"number": OTHER, "reason": "life_or_health",
                                                                  "explanation": "Medvetslös."})  # fmt: skip
        self.assertEqual(response.status_code, 400)
        entry = AuditEntry.objects.get(pk__gt=AuditEntry.objects.order_by("id")[before - 1].pk)
        self.assertEqual((entry.action, entry.outcome, entry.individual_id, entry.user_id),
                         (Action.EMERGENCY_ACCESS, Outcome.DENIED, None, self.county.nurse.pk))  # fmt: skip
        for text in ("20000229", "0005", "000229"):
            self.assertNotIn(text, str(entry.details) + entry.object_id)


class RelationCloseTests(IndividualTestCase):
    def test_closing_ends_access_at_once(self) -> None:
        self.sign_in(self.county.social_worker)
        individual = self.register()
        relation = ActiveRelation.objects.get(individual=individual)
        self.assertEqual(self.client.get(individual.get_absolute_url()).status_code, 200)
        self.client.post(reverse("relation_close", args=[individual.uuid, relation.pk]))
        relation.refresh_from_db()
        self.assertEqual(relation.ended_on, timezone.localdate())  # the day is still shown as "to"
        self.assertIsNotNone(relation.ended_at)
        self.assertEqual(self.client.get(individual.get_absolute_url()).status_code, 404)
        self.assertFalse(ActiveRelation.objects.current().filter(pk=relation.pk).exists())
        denied = AuditEntry.objects.filter(individual_id=individual.pk, outcome=Outcome.DENIED).latest("id")
        self.assertEqual(denied.ground, Ground.NONE)
