"""Agreements refused with a message that says what to fix, what was typed kept, nothing stored."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from agreements import services
from agreements.models import AgreedResponsibility, Agreement, InterventionType, Scope
from tests.agreements.helpers import actor_of, make_agreement, make_row
from tests.personas import CountyTestCase


class AgreementFormTests(CountyTestCase):
    def setUp(self) -> None:
        self.client.cookies["django_language"] = "en"

    def form(self, **changes: object) -> dict[str, object]:
        data: dict[str, object] = {
            "title": "Överenskommelse om spel om pengar",
            "scope": Scope.GAMBLING,
            "parties": [self.county.region.pk, self.county.sundsvall.pk],
            "adopted_on": "2025-01-10",
            "valid_from": "2025-02-01",
            "valid_to": "2027-01-31",
            "revision_due": "2026-02-01",
        }
        data.update(changes)
        return data

    def post(self, data: dict[str, object]):  # type: ignore[no-untyped-def]
        self.sign_in(self.county.analyst)
        return self.client.post(reverse("agreements:agreement_create"), data)

    def test_a_good_agreement_is_saved(self) -> None:
        response = self.post(self.form())
        agreement = Agreement.objects.get()
        self.assertRedirects(response, agreement.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(set(agreement.parties.all()), {self.county.region, self.county.sundsvall})

    def test_refusals(self) -> None:
        cases = {
            "no parties": ({"parties": []}, "Choose the principals that are parties"),
            "one party": ({"parties": [self.county.region.pk]}, "at least two parties"),
            "ends before it starts": ({"valid_to": "2025-01-31"}, "cannot end before it starts"),
            "follow-up before adoption": ({"revision_due": "2024-12-31"}, "cannot be due before the agreement was"),
            "no title": ({"title": ""}, "This field is required"),
            "unknown scope": ({"scope": "everything"}, "Select a valid choice"),
            "not a date": ({"valid_from": "31/02/2025"}, "Enter a valid date"),
            "impossible date": ({"adopted_on": "2025-02-30"}, "Enter a valid date"),
            "a party that is no principal": ({"parties": ["999999"]}, "Select a valid choice"),
            "too long": ({"title": "x" * 201}, "at most 200 characters"),
        }
        for name, (changes, message) in cases.items():
            with self.subTest(name):
                response = self.post(self.form(**changes))
                self.assertContains(response, message, status_code=400)
                self.assertContains(response, "error-summary", status_code=400)
                self.assertFalse(Agreement.objects.exists(), "nothing half-stored")
        response = self.post(self.form(valid_to="2025-01-31", title="Kept <as typed>"))
        self.assertContains(response, 'value="Kept &lt;as typed&gt;"', status_code=400)

    def test_hostile_text_is_shown_as_text(self) -> None:
        hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
        self.post(self.form(title=hostile, target_groups=hostile + "\nBarn och unga", dispute_path=hostile))
        agreement = Agreement.objects.get()
        self.sign_in(self.county.nurse)
        page = self.client.get(agreement.get_absolute_url()).content.decode()
        self.assertNotIn("<script>alert", page)
        self.assertNotIn("<img src=x", page)
        self.assertIn("&lt;script&gt;", page)

    def test_the_service_refuses_the_same_without_a_form(self) -> None:
        bad = Agreement(title="X", scope=Scope.ADDICTION, adopted_on=datetime.date(2025, 1, 1),
                        valid_from=datetime.date(2025, 1, 1), valid_to=datetime.date(2024, 1, 1))  # fmt: skip
        with self.assertRaises(ValidationError) as caught:
            services.agreement_save(agreement=bad, parties=[], actor=actor_of(self.county))
        self.assertEqual(set(caught.exception.message_dict), {"valid_to", "parties"})
        self.assertFalse(Agreement.objects.exists())

    def test_the_database_keeps_the_rules_for_every_other_writer(self) -> None:
        base = {"title": "X", "scope": Scope.ADDICTION, "adopted_on": datetime.date(2025, 1, 1),
                "valid_from": datetime.date(2025, 1, 1)}  # fmt: skip
        for changes in ({"valid_to": datetime.date(2024, 12, 31)}, {"revision_due": datetime.date(2024, 12, 31)},
                        {"scope": "everything"}):  # fmt: skip
            with self.subTest(changes=changes), self.assertRaises(IntegrityError), transaction.atomic():
                Agreement.objects.create(**{**base, **changes})

    def test_only_editors_create_and_edit(self) -> None:
        agreement = make_agreement(self.county)
        for user in (self.county.nurse, self.county.manager, self.county.social_worker):
            with self.subTest(user=user.username):
                self.sign_in(user)
                self.assertEqual(self.client.get(reverse("agreements:agreement_create")).status_code, 403)
                self.assertEqual(self.client.post(reverse("agreements:agreement_edit", args=[agreement.uuid]),
                                                  self.form()).status_code, 403)  # fmt: skip
                self.assertEqual(self.client.get(agreement.get_absolute_url()).status_code, 200)
        for user in (self.county.analyst, self.county.admin):
            with self.subTest(user=user.username):
                self.sign_in(user)
                edit = reverse("agreements:agreement_edit", args=[agreement.uuid])
                self.assertEqual(self.client.get(edit).status_code, 200)

    def test_wrong_methods_and_unknown_agreements(self) -> None:
        self.sign_in(self.county.analyst)
        self.assertEqual(self.client.post(reverse("agreements:agreement_list")).status_code, 405)
        nobody = "00000000-0000-4000-8000-000000000000"
        self.assertEqual(self.client.get(reverse("agreements:body_remove", args=[nobody, 1])).status_code, 405)
        self.assertEqual(self.client.get(reverse("agreements:agreement_detail", args=[nobody])).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(reverse("agreements:agreement_list")).status_code, 302)


class MatrixRowTests(CountyTestCase):
    def setUp(self) -> None:
        self.client.cookies["django_language"] = "en"
        self.agreement = make_agreement(self.county)
        self.url = reverse("agreements:responsibilities", args=[self.agreement.uuid])
        self.withdrawal = InterventionType.objects.get(code="withdrawal-treatment")

    def test_a_row_without_a_responsible_principal_is_refused(self) -> None:
        self.sign_in(self.county.analyst)
        for responsible in ("", "the king", "<script>"):
            with self.subTest(responsible=responsible):
                response = self.client.post(self.url, {"form": "responsibility", "row-intervention_type":
                                                       self.withdrawal.pk, "row-responsible": responsible})  # fmt: skip
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "error-summary", status_code=400)
                self.assertFalse(AgreedResponsibility.objects.exists())
        with self.assertRaisesMessage(ValidationError, "Choose the responsible principal"):
            services.responsibility_set(agreement=self.agreement, intervention_type=self.withdrawal, responsible="",
                                        actor=actor_of(self.county))  # fmt: skip
        with self.assertRaises(IntegrityError), transaction.atomic():
            AgreedResponsibility.objects.create(agreement=self.agreement, intervention_type=self.withdrawal,
                                                responsible="")  # fmt: skip

    def test_a_second_row_for_the_same_intervention_changes_the_first(self) -> None:
        self.sign_in(self.county.analyst)
        for responsible in ("region", "joint"):
            response = self.client.post(self.url, {"form": "responsibility", "row-intervention_type":
                                                   self.withdrawal.pk, "row-responsible": responsible})  # fmt: skip
            self.assertEqual(response.status_code, 302)
        self.assertEqual(AgreedResponsibility.objects.get().responsible, "joint")

    def test_a_provision_needs_a_row_of_this_agreement_and_municipalities(self) -> None:
        other = make_agreement(self.county, title="Annan")
        foreign_row = make_row(self.county, other)
        row = make_row(self.county, self.agreement)
        self.sign_in(self.county.analyst)
        bad = [
            {"prov-responsibility": foreign_row.pk, "prov-unit": self.county.addiction_unit.uuid},
            {"prov-responsibility": row.pk, "prov-unit": "not-a-uuid"},
            {"prov-responsibility": row.pk, "prov-unit": self.county.addiction_unit.uuid,
             "prov-municipalities": [self.county.region.pk]},
        ]  # fmt: skip
        for data in bad:
            with self.subTest(data=data):
                response = self.client.post(self.url, {"form": "provision", **data})
                self.assertEqual(response.status_code, 400)
        good = {"form": "provision", "prov-responsibility": row.pk, "prov-unit": self.county.addiction_unit.uuid,
                "prov-municipalities": [self.county.sundsvall.pk, self.county.harnosand.pk]}  # fmt: skip
        self.assertEqual(self.client.post(self.url, good).status_code, 302)
        self.assertEqual(row.provisions.count(), 2)
        good["prov-municipalities"] = [self.county.sundsvall.pk]
        self.client.post(self.url, good)
        self.assertEqual(list(row.provisions.values_list("municipality", flat=True)), [self.county.sundsvall.pk])

    def test_not_for_other_staff(self) -> None:
        self.sign_in(self.county.manager)
        self.assertEqual(self.client.get(self.url).status_code, 403)


class BodyFormTests(CountyTestCase):
    def test_bodies_refused_with_a_message_and_removed_by_editors_only(self) -> None:
        self.client.cookies["django_language"] = "en"
        agreement = make_agreement(self.county)
        url = reverse("agreements:body_add", args=[agreement.uuid])
        self.sign_in(self.county.analyst)
        good = {"name": "SocialKOLA", "level": "political", "description": "Politisk samrådsgrupp", "order": "0"}
        self.assertEqual(self.client.post(url, good).status_code, 302)
        for changes, message in (({"name": ""}, "This field is required"), ({"level": "royal"}, "Select a valid"),
                                 ({"name": "socialkola"}, "already has a body with this name"),
                                 ({"order": "-1"}, "greater than or equal to 0")):  # fmt: skip
            with self.subTest(changes=changes):
                response = self.client.post(url, {**good, **changes})
                self.assertContains(response, message, status_code=400)
        self.assertEqual(agreement.bodies.count(), 1)
        body = agreement.bodies.get()
        remove = reverse("agreements:body_remove", args=[agreement.uuid, body.pk])
        self.sign_in(self.county.nurse)
        self.assertEqual(self.client.post(remove).status_code, 403)
        self.sign_in(self.county.admin)
        self.assertEqual(self.client.post(remove).status_code, 302)
        self.assertFalse(agreement.bodies.exists())
