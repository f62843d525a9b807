"""The unit's stable code (HSA-id or the municipality's own): unique, in capitals, refused with a
reason next to the field when wrong, shown on the unit page and kept by the database as well."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from organisations.models import Unit
from organisations.validators import UNIT_CODE_MAX, validate_unit_code
from tests.personas import CountyTestCase


class UnitCodeFormTests(CountyTestCase):
    def post(self, code: str, unit: Unit | None = None):  # type: ignore[no-untyped-def]
        data = {"principal": self.county.region.pk, "name": "Ny mottagning", "code": code,
                "unit_type": "addiction_unit", "is_active": "on"}  # fmt: skip
        if unit is not None:
            data["name"] = unit.name
            return self.client.post(reverse("unit_edit", args=[unit.uuid]), {**data, "principal": unit.principal_id})
        return self.client.post(reverse("unit_create"), data)

    def test_a_code_is_kept_in_capitals_and_shown_on_the_unit_page(self) -> None:
        self.sign_in(self.county.admin)
        response = self.post(" se2321000206-b123 ")
        self.assertEqual(response.status_code, 302)
        unit = Unit.objects.get(name="Ny mottagning")
        self.assertEqual(unit.code, "SE2321000206-B123")
        self.sign_in(self.county.nurse)
        self.assertContains(self.client.get(unit.get_absolute_url()), "<code>SE2321000206-B123</code>", html=True)

    def test_the_unit_list_finds_a_unit_by_its_code(self) -> None:
        unit = self.county.addiction_unit
        self.sign_in(self.county.nurse)
        page = self.client.get(reverse("unit_list"), {"q": f" {unit.code.lower()} "})
        self.assertContains(page, unit.name)
        self.assertNotContains(page, self.county.adult_unit.name)

    def test_the_county_administrator_changes_a_code_on_the_form(self) -> None:
        self.sign_in(self.county.admin)
        unit = self.county.addiction_unit
        form = self.client.get(reverse("unit_edit", args=[unit.uuid]))
        self.assertContains(form, f'value="{unit.code}"')
        response = self.post("SE2321000206-BC01", unit)
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        unit.refresh_from_db()
        self.assertEqual(unit.code, "SE2321000206-BC01")

    def test_bad_codes_are_refused_with_the_reason(self) -> None:
        self.sign_in(self.county.admin)
        self.client.cookies["django_language"] = "en"
        taken = self.county.adult_unit.code
        only = "only letters A–Z, digits and single dashes"
        cases = [
            ("", "This field is required"),
            ("   ", "This field is required"),
            (taken, "There is already a unit with this code."),
            (taken.lower(), "There is already a unit with this code."),
            ("A" * (UNIT_CODE_MAX + 1), str(UNIT_CODE_MAX + 1)),
            ("<script>alert(1)</script>", only),
            ("SE 2321", only),
            ("SE--2321", only),
            ("-SE2321", only),
            ("SE2321-", only),
            ("ÅSELE-1", only),
            ("straße", only),  # upper() would make it STRASSE
            ("SE２３２１", only),  # full-width digits
            ("SE2321\x00", "Null characters are not allowed"),
            ("'; DROP TABLE unit; --", only),
        ]
        for code, fragment in cases:
            with self.subTest(code=code):
                response = self.post(code)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, fragment, status_code=400)
                self.assertNotContains(response, "<script>alert(1)", status_code=400)
        self.assertFalse(Unit.objects.filter(name="Ny mottagning").exists())

    def test_refused_in_swedish_by_default(self) -> None:
        self.sign_in(self.county.admin)
        self.assertContains(self.post(""), "måste fyllas i", status_code=400)


class UnitCodeDatabaseTests(CountyTestCase):
    def test_the_database_refuses_duplicates_and_bad_codes_from_any_writer(self) -> None:
        region = self.county.region
        for code in (self.county.adult_unit.code, "", "se-lower", "SE 1", "SE--1", "-SE1"):
            with self.subTest(code=code), self.assertRaises(IntegrityError), transaction.atomic():
                Unit.objects.create(principal=region, code=code, name=f"Enhet {code!r}", unit_type="other")

    def test_validator(self) -> None:
        validate_unit_code("SE2321000206-B123")
        validate_unit_code("2281-12")
        for bad in ("", "A" * 33, "SE_1", "SE.1", "ı", "SE1\n"):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                validate_unit_code(bad)
