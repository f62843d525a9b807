"""Protected identity: the unit manager marks it and names who may see the contact details."""

from django.urls import reverse

from access.models import ProtectedIdentityAccess
from audit.models import Action, AuditEntry, Outcome
from individuals.models import Individual
from tests.individuals.base import IndividualTestCase

ADDRESS = "Storgatan 12, 852 30 Sundsvall"


class ProtectionTests(IndividualTestCase):
    def setUp(self) -> None:
        self.sign_in(self.county.social_worker)
        self.individual = self.register()
        self.individual.address = ADDRESS
        self.individual.save()
        self.url = reverse("protection_edit", args=[self.individual.uuid])

    def post(self, **data):  # type: ignore[no-untyped-def]
        return self.client.post(self.url, data)

    def test_manager_protects_and_names_staff(self) -> None:
        self.sign_in(self.county.manager)
        page = self.client.get(self.individual.get_absolute_url())
        self.assertContains(page, self.url)
        form = self.client.get(self.url)
        self.assertContains(form, "Colleague")
        self.assertNotContains(form, "Nurse")  # not at a unit where the individual is current
        response = self.post(protected="on", named_staff=[self.county.colleague.pk])
        self.assertRedirects(response, self.individual.get_absolute_url())
        self.individual.refresh_from_db()
        self.assertTrue(self.individual.protected_identity)
        entry = AuditEntry.objects.filter(action=Action.UPDATE, individual_id=self.individual.pk,
                                          details__protected_identity=True).latest("id")  # fmt: skip
        self.assertEqual(entry.details, {"protected_identity": True, "named_staff": [self.county.colleague.pk]})
        self.assertNotIn(ADDRESS, str(entry.details))

        self.sign_in(self.county.social_worker)
        hidden = self.client.get(self.individual.get_absolute_url())
        self.assertNotContains(hidden, ADDRESS)
        self.assertContains(hidden, 'data-testid="protected"')
        self.sign_in(self.county.colleague)
        self.assertContains(self.client.get(self.individual.get_absolute_url()), ADDRESS)

    def test_lifting_protection_removes_named_staff(self) -> None:
        self.sign_in(self.county.manager)
        self.post(protected="on", named_staff=[self.county.colleague.pk])
        self.assertRedirects(self.post(), self.individual.get_absolute_url())
        self.assertFalse(Individual.objects.get(pk=self.individual.pk).protected_identity)
        self.assertFalse(ProtectedIdentityAccess.objects.exists())

    def test_only_the_manager_decides(self) -> None:
        self.sign_in(self.county.social_worker)
        self.assertNotContains(self.client.get(self.individual.get_absolute_url()), self.url)
        for method in ("get", "post"):
            with self.subTest(method):
                response = getattr(self.client, method)(self.url, {"protected": "on"})
                self.assertEqual(response.status_code, 403)
        denied = AuditEntry.objects.filter(individual_id=self.individual.pk, outcome=Outcome.DENIED)
        self.assertEqual(denied.count(), 2)
        self.sign_in(self.county.other_municipality_worker)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, "Fiktiv", status_code=404)
        self.assertFalse(Individual.objects.get(pk=self.individual.pk).protected_identity)

    def test_bad_input_is_refused_and_nothing_is_stored(self) -> None:
        self.sign_in(self.county.manager)
        cases = {
            "staff without protection": ({"named_staff": [self.county.colleague.pk]}, "bara när personuppgifterna"),
            "staff of another unit": ({"protected": "on", "named_staff": [self.county.nurse.pk]}, "Välj bland"),
            "not a number": ({"protected": "on", "named_staff": ["<script>"]}, "Välj bland"),
        }
        for name, (data, message) in cases.items():
            with self.subTest(name):
                response = self.client.post(self.url, data)
                self.assertContains(response, message, status_code=400)
                self.assertNotContains(response, "<script>", status_code=400)
        self.assertFalse(Individual.objects.get(pk=self.individual.pk).protected_identity)
        self.assertFalse(ProtectedIdentityAccess.objects.exists())
