"""Wrong, missing, oversized and hostile input on the individuals' forms: a clear message, the
typed values kept, nothing half-saved."""

from django.urls import reverse

from individuals.models import ActiveRelation, Child, Individual, Relative
from tests.individuals.base import NUMBER, IndividualTestCase

SCRIPT = '<script>alert("x")</script>'


class RegisterBadInputTests(IndividualTestCase):
    def post(self, **changes: str):  # type: ignore[no-untyped-def]
        data = {"number": NUMBER, "first_name": "Fia", "last_name": "Fiktiv", "contact_kind": "investigation"}
        data.update(changes)
        return self.client.post(reverse("individual_register"), data)

    def test_invalid_numbers_are_refused_with_the_reason(self) -> None:
        self.sign_in(self.county.social_worker)
        self.client.cookies["django_language"] = "en"
        cases = {
            "19121212-1213": "check digit",
            "19000229-1234": "1900-02-29",
            "19121292-1212": "92",
            "1912121212123": "13 digits",
            "١٩١٢١٢١٢-١٢١٢": "0–9",
        }
        for number, fragment in cases.items():
            response = self.post(number=number)
            self.assertEqual(response.status_code, 400, number)
            self.assertIn(fragment, response.content.decode(), number)
            self.assertContains(response, "Fiktiv", status_code=400)  # what was typed is still there
        self.assertFalse(Individual.objects.exists())

    def test_missing_oversized_and_wrong_choices(self) -> None:
        self.sign_in(self.county.social_worker)
        for changes in ({"first_name": ""}, {"last_name": "x" * 101}, {"contact_kind": "forever"},
                        {"municipality": "not-a-uuid"}, {"first_name": "nul\x00byte"}):  # fmt: skip
            self.assertEqual(self.post(**changes).status_code, 400, changes)
        self.assertFalse(Individual.objects.exists())

    def test_html_is_stored_as_text_and_escaped(self) -> None:
        self.sign_in(self.county.social_worker)
        response = self.post(first_name=SCRIPT)
        individual = Individual.objects.get()
        self.assertEqual(individual.first_name, SCRIPT)
        page = self.client.get(response["Location"])
        self.assertNotContains(page, SCRIPT)
        self.assertContains(page, "&lt;script&gt;")

    def test_a_second_relation_at_the_same_unit_is_refused(self) -> None:
        self.sign_in(self.county.social_worker)
        self.register()
        response = self.post()
        # The number is already registered: nothing is stored, and taking on is a separate step.
        self.assertEqual(response.status_code, 409)
        self.assertEqual(ActiveRelation.objects.count(), 1)
        response = self.client.post(reverse("individual_take_on"),
                                    {"number": NUMBER, "contact_kind": "support", "confirm": "on"})  # fmt: skip
        self.assertEqual(response.status_code, 400)
        self.assertEqual(ActiveRelation.objects.count(), 1)

    def test_search_with_bad_number_is_400_and_keeps_input(self) -> None:
        self.sign_in(self.county.social_worker)
        response = self.client.post(reverse("individual_find"), {"number": "12-34"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'value="12-34"', status_code=400)


class PageFormsBadInputTests(IndividualTestCase):
    def test_relative_and_child_forms_refuse_bad_input(self) -> None:
        self.sign_in(self.county.social_worker)
        individual = self.register()
        relative_url = reverse("relative_create", args=[individual.uuid])
        bad_relatives = [
            {"name": "", "relation": "parent"},
            {"name": "A", "relation": "cousin"},
            {"name": "N" * 201, "relation": "parent"},
            {"name": "A", "relation": "parent", "phone": "9" * 31},
        ]
        for data in bad_relatives:
            self.assertEqual(self.client.post(relative_url, data).status_code, 400, data)
        child_url = reverse("child_create", args=[individual.uuid])
        for data in ({"birth_year": "abc"}, {"birth_year": "1850"}, {"birth_year": "2999"}, {"birth_year": ""}):
            self.assertEqual(self.client.post(child_url, data).status_code, 400, data)
        self.assertFalse(Relative.objects.exists())
        self.assertFalse(Child.objects.exists())

    def test_consent_for_relatives_needs_the_relatives_and_only_own(self) -> None:
        self.sign_in(self.county.social_worker)
        individual = self.register()
        url = reverse("consent_create", args=[individual.uuid])
        base = {"given_by": "individual", "for_relatives": "on", "form": "oral", "valid_from": "2026-01-01",
                "parties": [self.county.adult_unit.uuid]}  # fmt: skip
        self.assertEqual(self.client.post(url, base).status_code, 400)
        self.assertEqual(self.client.post(url, {**base, "relatives": ["999999"]}).status_code, 400)
        guardian = {**base, "for_relatives": "", "for_sip": "on", "given_by": "guardian"}
        self.client.cookies["django_language"] = "en"
        response = self.client.post(url, guardian)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Write the name of the guardian", status_code=400)

    def test_unknown_nested_objects_are_404(self) -> None:
        self.sign_in(self.county.social_worker)
        individual = self.register()
        for name, args in (("relation_close", [individual.uuid, 999999]),
                           ("consent_withdraw", [individual.uuid, "00000000-0000-0000-0000-000000000000"]),
                           ("block_lift", [individual.uuid, 999999])):  # fmt: skip
            self.assertEqual(self.client.post(reverse(name, args=args)).status_code, 404, name)
