"""Merging two records of one person (issue 7 §1): a unit manager's explicit, confirmed and
reversible step that moves every row pointing at the merged record and keeps every detail."""

import datetime
import re

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from access import services as access_services
from access.models import DisclosureDecision
from audit.models import AuditEntry, Ground, Outcome
from audit.services import Actor
from core.crypto import keyed_hash
from individuals import merge as merging
from individuals.models import ActiveRelation, Child, Consent, Individual, Merge, PreviousIdentity, Relative
from tests.individuals.base import ENGLISH, NUMBER, IndividualTestCase

OTHER = "20000229-0005"
STRANGER = "19800229-0008"


def _without_tokens(content: bytes) -> str:
    return re.sub(r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', "", content.decode())


def test_every_foreign_key_to_individual_is_registered_for_merging() -> None:
    """A model added later that points at Individual must say how a merge treats it."""
    registered = merging.registered()
    found = merging.fields_to_individual()
    assert len(found) >= 12  # the models known today, hidden relations included
    missing = [f"{model._meta.label}.{field}" for model, field in found
               if (model._meta.label_lower, field) not in registered]  # fmt: skip
    assert missing == []
    # The enumeration covers related_objects and hidden relations (related_name="+") alike.
    visible = {(r.related_model._meta.label_lower, r.field.name) for r in Individual._meta.related_objects}
    assert visible <= {(m._meta.label_lower, f) for m, f in found}
    assert ("individuals.merge", "survivor") in {(m._meta.label_lower, f) for m, f in found}
    # And every model of every app is looked at: each foreign key to Individual is in the list.
    direct = {(m._meta.label_lower, f.name) for m in apps.get_models() for f in m._meta.get_fields()
              if f.concrete and f.is_relation and f.related_model is Individual}  # fmt: skip
    assert direct == {(m._meta.label_lower, f) for m, f in found}


class MergeTestCase(IndividualTestCase):
    def setUp(self) -> None:
        county = self.county
        self.client.cookies.load(ENGLISH)
        self.sign_in(county.social_worker)
        self.survivor = self.register(NUMBER)
        self.survivor.address = "Storgatan 1"
        self.survivor.save(update_fields=["address"])
        self.other = self.register(OTHER)
        Individual.objects.filter(pk=self.other.pk).update(first_name="Fiona", phone="070-222 33 44")
        worker = Actor(user_id=county.social_worker.pk, unit_id=county.adult_unit.pk, role="social_worker")
        self.client.post(reverse("relative_create", args=[self.other.uuid]),
                         {"name": "Anhörig Annan", "relation": "sibling"})  # fmt: skip
        self.client.post(reverse("child_create", args=[self.other.uuid]), {"birth_year": 2016, "note": "Not"})
        access_services.disclosure_record(
            individual=self.other, legal_ground="osl_10_2", recipient="Frivården", assessment="Nödvändigt.",
            user=county.social_worker, unit=county.adult_unit, actor=worker, ground=Ground.RELATION,
        )  # fmt: skip
        # The region's addiction unit knows the other record too.
        self.sign_in(county.nurse)
        self.client.post(reverse("individual_take_on"), {"number": OTHER, "contact_kind": "care", "confirm": "on"})
        self.sign_in(county.manager)

    def url(self, individual: Individual | None = None) -> str:
        return reverse("merge_start", args=[(individual or self.survivor).uuid])

    def merge(self, **extra: str):  # type: ignore[no-untyped-def]
        data = {"number": OTHER, "confirm_step": "1", "take_identity": "survivor", "take_first_name": "other",
                "take_birth_date": "survivor", "take_legal_sex": "survivor", "take_address": "survivor",
                "take_phone": "other", "confirm": "on", **extra}  # fmt: skip
        return self.client.post(self.url(), data)


class MergeTests(MergeTestCase):
    def test_the_managers_page_offers_the_merge_and_others_do_not_see_it(self) -> None:
        self.assertContains(self.client.get(self.survivor.get_absolute_url()), self.url())
        self.sign_in(self.county.social_worker)
        self.assertNotContains(self.client.get(self.survivor.get_absolute_url()), self.url())

    def test_side_by_side_then_merge_moves_everything_and_keeps_every_detail(self) -> None:
        self.assertEqual(self.client.get(self.url()).status_code, 200)
        response = self.client.post(self.url(), {"number": OTHER})
        self.assertContains(response, "Fiona")
        self.assertContains(response, "Fia")
        self.assertNotIn(OTHER, response.request["PATH_INFO"])
        self.assertEqual(Merge.objects.count(), 0)  # shown, not merged
        response = self.merge()
        self.assertRedirects(response, self.survivor.get_absolute_url())
        survivor = Individual.objects.get(pk=self.survivor.pk)
        other = Individual.objects.get(pk=self.other.pk)
        self.assertEqual(other.merged_into_id, survivor.pk)
        self.assertEqual((survivor.first_name, survivor.address, survivor.phone),
                         ("Fiona", "Storgatan 1", "070-222 33 44"))  # fmt: skip
        self.assertEqual(survivor.identity_number, "191212121212")
        for model in (Relative, Child, DisclosureDecision):
            self.assertEqual(list(model.objects.values_list("individual_id", flat=True)), [survivor.pk], model)
        relations = ActiveRelation.objects.filter(individual=survivor)
        self.assertEqual(relations.count(), 3)
        self.assertEqual(relations.current().count(), 2)  # the duplicate at the adult unit was ended
        self.assertTrue(PreviousIdentity.objects.filter(individual=survivor, identity_hash=keyed_hash("200002290005")))
        # The merged-away number finds the survivor.
        response = self.client.post(reverse("individual_find"), {"number": OTHER})
        self.assertRedirects(response, survivor.get_absolute_url())
        # Logged on both records with both ids.
        entries = AuditEntry.objects.filter(details__merged_individual_id=other.pk, object_type="individuals.merge")
        self.assertEqual({e.individual_id for e in entries}, {survivor.pk, other.pk})
        for entry in entries:
            self.assertEqual((entry.details["survivor_individual_id"], entry.ground, entry.user_id),
                             (survivor.pk, Ground.MANAGEMENT, self.county.manager.pk))  # fmt: skip

    def test_undo_moves_everything_back(self) -> None:
        self.merge()
        merge = Merge.objects.get()
        response = self.client.post(reverse("merge_undo", args=[self.survivor.uuid, merge.uuid]))
        self.assertRedirects(response, self.survivor.get_absolute_url(), fetch_redirect_response=False)
        survivor = Individual.objects.get(pk=self.survivor.pk)
        other = Individual.objects.get(pk=self.other.pk)
        self.assertEqual((survivor.first_name, survivor.phone, other.merged_into_id), ("Fia", "", None))
        self.assertEqual(other.identity_hash, keyed_hash("200002290005"))
        for model in (Relative, Child, DisclosureDecision):
            self.assertEqual(list(model.objects.values_list("individual_id", flat=True)), [other.pk], model)
        self.assertEqual(ActiveRelation.objects.filter(individual=other).current().count(), 2)
        self.assertFalse(PreviousIdentity.objects.filter(individual=survivor).exists())
        self.assertEqual(self.client.get(other.get_absolute_url()).status_code, 200)
        undone = AuditEntry.objects.filter(details__merge_undone=True)
        self.assertEqual({e.individual_id for e in undone}, {survivor.pk, other.pk})
        # Once undone, it cannot be undone again.
        response = self.client.post(reverse("merge_undo", args=[self.survivor.uuid, merge.uuid]))
        self.assertEqual(response.status_code, 400)

    def test_undo_period_is_limited(self) -> None:
        self.merge()
        merge = Merge.objects.get()
        Merge.objects.filter(pk=merge.pk).update(merged_at=timezone.now() - datetime.timedelta(days=31))
        response = self.client.post(reverse("merge_undo", args=[self.survivor.uuid, merge.uuid]))
        self.assertContains(response, "can no longer be undone", status_code=400)
        self.assertIsNotNone(Individual.objects.get(pk=self.other.pk).merged_into_id)

    def test_protected_identity_stays_protected_and_its_contact_details_hidden(self) -> None:
        Individual.objects.filter(pk=self.other.pk).update(protected_identity=True)
        # The manager is not named for the protected record: its contact details are neither shown
        # nor chosen; the survivor keeps its own and takes the other's only where it has none.
        response = self.client.post(self.url(), {"number": OTHER})
        self.assertNotContains(response, "070-222")
        self.assertNotContains(response, "Storgatan")
        self.assertNotContains(response, 'name="take_phone"')
        self.assertEqual(self.merge(take_address="other").status_code, 302)
        survivor = Individual.objects.get(pk=self.survivor.pk)
        self.assertTrue(survivor.protected_identity)
        self.assertEqual((survivor.address, survivor.phone), ("Storgatan 1", "070-222 33 44"))

    def test_the_number_can_be_taken_from_the_other_record(self) -> None:
        self.assertEqual(self.merge(take_identity="other").status_code, 302)
        survivor = Individual.objects.get(pk=self.survivor.pk)
        self.assertEqual(survivor.identity_number, "200002290005")
        self.assertTrue(PreviousIdentity.objects.filter(individual=survivor, identity_hash=keyed_hash("191212121212")))
        self.client.post(reverse("merge_undo", args=[survivor.uuid, Merge.objects.get().uuid]))
        self.assertEqual(Individual.objects.get(pk=self.survivor.pk).identity_hash, keyed_hash("191212121212"))
        self.assertEqual(Individual.objects.get(pk=self.other.pk).identity_hash, keyed_hash("200002290005"))


class MergeRefusalTests(MergeTestCase):
    def test_not_a_manager_gets_the_doors_logged_404(self) -> None:
        self.sign_in(self.county.social_worker)
        for response in (self.client.get(self.url()), self.merge()):
            self.assertEqual(response.status_code, 404)
        denied = AuditEntry.objects.filter(user=self.county.social_worker, outcome=Outcome.DENIED,
                                           individual_id=self.survivor.pk)  # fmt: skip
        self.assertEqual(denied.count(), 2)
        self.assertEqual(Merge.objects.count(), 0)

    def test_a_record_the_manager_may_not_see_looks_like_no_record(self) -> None:
        self.sign_in(self.county.nurse)
        self.register(STRANGER)
        self.sign_in(self.county.manager)
        answers = []
        for number in (STRANGER, "19850505-0008", NUMBER):
            response = self.client.post(self.url(), {"number": number})
            self.assertEqual(response.status_code, 400)
            self.assertNotContains(response, "Fia Fiktiv", status_code=400)
            answers.append(response.content.decode().split('class="error-summary"')[1].split("</ul>")[0])
        self.assertEqual(answers[0], answers[1])
        self.assertIn("this record", answers[2])
        self.assertEqual(Merge.objects.count(), 0)

    def test_bad_input_is_refused_and_nothing_moves(self) -> None:
        cases = {
            "no confirmation": {"confirm": ""},
            "no choice": {"take_first_name": ""},
            "hostile choice": {"take_first_name": "<script>"},
            "bad number": {"number": "19121212-1213"},
            "oversized": {"number": "1" * 500},
        }
        for name, extra in cases.items():
            with self.subTest(name):
                self.assertEqual(self.merge(**extra).status_code, 400)
                self.assertEqual(Merge.objects.count(), 0)
                self.assertIsNone(Individual.objects.get(pk=self.other.pk).merged_into_id)
        self.assertEqual(Relative.objects.get().individual_id, self.other.pk)
        self.assertEqual(Consent.objects.count(), 0)


class MergedAwayRecordTests(MergeTestCase):
    def test_the_old_id_answers_like_an_unknown_one(self) -> None:
        self.merge()
        # Someone who had a relation to the merged-away record: even a row left pointing at it (say,
        # opened by a request that raced with the merge) opens nothing, because the door looks only at
        # records that are not merged away.
        ActiveRelation.objects.create(individual=self.other, unit=self.county.addiction_unit, contact_kind="care",
                                      opened_by=self.county.nurse)  # fmt: skip
        self.sign_in(self.county.nurse)
        old = self.client.get(self.other.get_absolute_url())
        unknown = self.client.get(reverse("individual_detail", args=["00000000-0000-4000-8000-000000000000"]))
        self.assertEqual((old.status_code, unknown.status_code), (404, 404))
        self.assertEqual(_without_tokens(old.content), _without_tokens(unknown.content))
        self.assertEqual(self.client.get(self.survivor.get_absolute_url()).status_code, 200)
