"""Organisation forms under wrong, missing, oversized and hostile input: 400, a message next to
the field saying what to fix, what was typed kept, nothing saved."""

from django.db import IntegrityError, transaction
from django.urls import reverse

from organisations.models import Principal, PrincipalKind, Service, Unit
from organisations.validators import normalise_organisation_number, validate_municipality_code
from tests.personas import CountyTestCase

SCRIPT = '<script>alert("x")</script>'


class PrincipalFormTests(CountyTestCase):
    def post(self, **data: str):  # type: ignore[no-untyped-def]
        base = {"name": "Nya kommunen", "kind": "municipality", "municipality_code": "2299", "is_active": "on"}
        return self.client.post(reverse("principal_create"), {**base, **data})

    def test_valid_principal_is_created(self) -> None:
        self.sign_in(self.county.admin)
        response = self.post()
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Principal.objects.filter(name="Nya kommunen", municipality_code="2299").exists())
        response = self.post(name="Ny region", kind="region", municipality_code="", organisation_number="232100-0214")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Principal.objects.get(name="Ny region").organisation_number, "2321000214")

    def test_bad_values_are_refused_with_the_reason_in_swedish(self) -> None:
        self.sign_in(self.county.admin)
        cases = [
            ({"municipality_code": "229"}, "fyra siffror"),
            ({"municipality_code": "0299"}, "länskod"),
            ({"municipality_code": "22a9"}, "fyra siffror"),
            ({"municipality_code": "２２９９"}, "fyra siffror"),
            ({"municipality_code": ""}, "kommunkod"),
            ({"kind": "region", "municipality_code": "", "organisation_number": "232100-0207"}, "kontrollsiffran"),
            ({"kind": "region", "municipality_code": "", "organisation_number": "23210002"}, "tio siffror"),
            ({"kind": "region", "municipality_code": "", "organisation_number": ""}, "organisationsnummer"),
            ({"kind": "region", "municipality_code": "2299", "organisation_number": "2321000206"}, "Bara kommuner"),
            ({"kind": "empire"}, "giltigt alternativ"),
            ({"name": ""}, "måste fyllas i"),
            ({"name": "N" * 201}, "201"),
            ({"name": "Sundsvalls kommun", "municipality_code": "2298"}, "finns redan"),
            ({"municipality_code": "2281"}, "finns redan"),
        ]
        for data, fragment in cases:
            with self.subTest(data=data):
                response = self.post(**data)
                self.assertEqual(response.status_code, 400)
                self.assertIn(fragment, response.content.decode())
                if data.get("name") not in ("", None) and len(data.get("name", "")) < 100:
                    self.assertContains(response, f'value="{data["name"]}"', status_code=400)
        self.assertEqual(Principal.objects.filter(name="Nya kommunen").count(), 0)

    def test_message_in_english_when_chosen(self) -> None:
        self.sign_in(self.county.admin)
        self.client.cookies["django_language"] = "en"
        response = self.post(municipality_code="0299")
        self.assertContains(response, "does not start with a Swedish county code", status_code=400)


class UnitFormTests(CountyTestCase):
    def data(self, **changes: object) -> dict:
        base = {"principal": self.county.sundsvall.pk, "name": "Ny enhet", "code": "K2281-NY1",
                "unit_type": "addiction_unit", "is_active": "on"}  # fmt: skip
        return {**base, **changes}

    def test_valid_unit_with_services_and_municipalities(self) -> None:
        self.sign_in(self.county.admin)
        from organisations.services import services_ensure

        services_ensure()
        two_services = [str(pk) for pk in Service.objects.order_by("pk").values_list("pk", flat=True)[:2]]
        response = self.client.post(reverse("unit_create"), self.data(
            services=two_services, serves_municipalities=[self.county.sundsvall.pk], age_min="18", age_max="65",
            postal_code="852 30", phone="070-174 06 05"))  # fmt: skip
        self.assertEqual(response.status_code, 302)
        unit = Unit.objects.get(name="Ny enhet")
        self.assertEqual(unit.services.count(), 2)
        self.assertEqual(list(unit.serves_municipalities.all()), [self.county.sundsvall])

    def test_bad_values_are_refused(self) -> None:
        self.sign_in(self.county.admin)
        cases = [
            {"name": ""},
            {"name": "x" * 201},
            {"unit_type": "spa"},
            {"principal": "999999"},
            {"principal": "abc"},
            {"age_min": "abc"},
            {"age_min": "-1"},
            {"age_max": "121"},
            {"age_min": "40", "age_max": "20"},
            {"postal_code": "12"},
            {"postal_code": "abcde"},
            {"phone": "ring mig"},
            {"email": "not-an-email"},
            {"opening_hours": "x" * 501},
            {"description": "x" * 2001},
            {"services": ["999"]},
            {"name": "Vuxenenheten SUNDSVALL"},  # duplicate, case-insensitive, same principal
            {"name": "nul\x00byte"},
        ]
        for changes in cases:
            with self.subTest(changes=changes):
                response = self.client.post(reverse("unit_create"), self.data(**changes))
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "error-summary", status_code=400)
        self.assertFalse(Unit.objects.filter(name="Ny enhet").exists())

    def test_html_in_text_is_escaped(self) -> None:
        self.sign_in(self.county.admin)
        response = self.client.post(reverse("unit_create"), self.data(name=SCRIPT, description=SCRIPT))
        self.assertEqual(response.status_code, 302)
        page = self.client.get(response["Location"])
        self.assertNotContains(page, SCRIPT)
        self.assertContains(page, "&lt;script&gt;")


class StaffInviteFormTests(CountyTestCase):
    def test_bad_values_are_refused_and_kept(self) -> None:
        self.sign_in(self.county.admin)
        base = {"first_name": "Ny", "last_name": "Person", "email": "ny@example.invalid",
                "unit": self.county.adult_unit.uuid, "role": "nurse"}  # fmt: skip
        for changes in ({"email": "nope"}, {"role": "king"}, {"unit": "not-a-uuid"}, {"first_name": ""},
                        {"last_name": "x" * 151}, {"email": self.county.nurse.email.upper()}):  # fmt: skip
            with self.subTest(changes=changes):
                response = self.client.post(reverse("staff_invite"), {**base, **changes})
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, 'value="Person"' if "last_name" not in changes else 'value="Ny"',
                                    status_code=400)  # fmt: skip


class FilterTests(CountyTestCase):
    def test_odd_filters_never_fail(self) -> None:
        self.sign_in(self.county.nurse)
        for url in (reverse("unit_list"), reverse("staff_list")):
            for query in ({"q": "x" * 10_000}, {"principal": "zzz"}, {"unit": "zzz"}, {"page": "-1"},
                          {"page": "abc"}, {"page": "999999"}, {"unit_type": "<b>"}):  # fmt: skip
                with self.subTest(url=url, query=query):
                    self.assertEqual(self.client.get(url, query).status_code, 200)

    def test_htmx_gets_only_the_results(self) -> None:
        self.sign_in(self.county.nurse)
        response = self.client.get(reverse("unit_list"), {"q": "Beroende"}, HTTP_HX_REQUEST="true")
        self.assertContains(response, 'id="results"')
        self.assertNotContains(response, "<html")


class DatabaseConstraintTests(CountyTestCase):
    def test_constraints_hold_without_forms(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            Unit.objects.create(
                principal=self.county.sundsvall, code="K2281-X1", name="VUXENENHETEN sundsvall", unit_type="other"
            )
        with self.assertRaises(IntegrityError), transaction.atomic():
            Unit.objects.create(
                principal=self.county.sundsvall,
                code="K2281-X2",
                name="Åldrar",
                unit_type="other",
                age_min=50,
                age_max=10,
            )
        with self.assertRaises(IntegrityError), transaction.atomic():
            Principal.objects.create(name="Utan kod", kind=PrincipalKind.MUNICIPALITY, municipality_code="")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Principal.objects.create(name="Region utan nummer", kind=PrincipalKind.REGION)

    def test_validators(self) -> None:
        self.assertEqual(normalise_organisation_number("232100-0206"), "2321000206")
        validate_municipality_code("2281")
        from django.core.exceptions import ValidationError

        for bad in ("٢٣٢١٠٠-٠٢٠٦", "232100 0206x", "2321000207"):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                normalise_organisation_number(bad)
