"""Councils (samråd): a local council per municipality with the region, and one regional council;
the rules hold in the model's validation and in the database, and the demo county has them."""

from io import StringIO

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import TestCase, override_settings
from django.utils import translation

from core import demo
from organisations.models import Council, CouncilKind, Principal, Unit
from tests.personas import CountyTestCase


class CouncilRuleTests(CountyTestCase):
    def local(self, name: str = "Lokalt samråd Sundsvall", municipality: Principal | None = None) -> Council:
        return Council(name=name, kind=CouncilKind.LOCAL, municipality=municipality or self.county.sundsvall)

    def test_a_local_council_with_its_principals(self) -> None:
        council = self.local()
        council.full_clean()
        council.save()
        council.principals.set([self.county.sundsvall, self.county.region])
        self.assertEqual(list(self.county.sundsvall.local_councils.all()), [council])
        self.assertEqual(set(self.county.region.councils.all()), {council})

    @translation.override("en")
    def test_validation_says_what_is_wrong(self) -> None:
        self.local().save()
        cases = [
            (Council(name="Utan kommun", kind=CouncilKind.LOCAL), "municipality", "needs its municipality"),
            (self.local("Regionen som kommun", self.county.region), "municipality", "Choose a municipality"),
            (Council(name="Regionalt", kind=CouncilKind.REGIONAL, municipality=self.county.sundsvall),
             "municipality", "has no municipality"),
            (self.local("Andra samrådet i Sundsvall"), "__all__", "already has a local council"),
            (self.local("LOKALT SAMRåD SUNDSVALL", self.county.harnosand), "__all__",
             "already a council with this name"),
            (Council(name="", kind=CouncilKind.REGIONAL), "name", "This field cannot be blank"),
            (Council(name="x" * 201, kind=CouncilKind.REGIONAL), "name", "at most 200"),
            (Council(name="Okänt", kind="parliament"), "kind", "not a valid choice"),
            (Council(name="Telefon", kind=CouncilKind.REGIONAL, contact_phone="ring mig"), "contact_phone", "digits"),
            (Council(name="Post", kind=CouncilKind.REGIONAL, contact_email="inte-en-adress"), "contact_email", "valid"),
        ]  # fmt: skip
        for council, field, fragment in cases:
            with self.subTest(name=council.name[:30], field=field):
                with self.assertRaises(ValidationError) as caught:
                    council.full_clean()
                self.assertIn(field, caught.exception.message_dict)
                self.assertIn(fragment, " ".join(caught.exception.message_dict[field]))

    @translation.override("en")
    def test_one_regional_council(self) -> None:
        Council.objects.create(name="Regionalt samråd", kind=CouncilKind.REGIONAL)
        with self.assertRaises(ValidationError) as caught:
            Council(name="Ett till regionalt", kind=CouncilKind.REGIONAL).full_clean()
        self.assertIn("already a regional council", str(caught.exception))

    def test_the_database_keeps_the_rules_for_any_writer(self) -> None:
        Council.objects.create(
            name="Lokalt samråd Sundsvall", kind=CouncilKind.LOCAL, municipality=self.county.sundsvall
        )
        Council.objects.create(name="Regionalt samråd", kind=CouncilKind.REGIONAL)
        bad = [
            {"name": "Lokalt utan kommun", "kind": CouncilKind.LOCAL},
            {"name": "Regionalt med kommun", "kind": CouncilKind.REGIONAL, "municipality": self.county.harnosand},
            {"name": "Andra i Sundsvall", "kind": CouncilKind.LOCAL, "municipality": self.county.sundsvall},
            {"name": "Andra regionala", "kind": CouncilKind.REGIONAL},
            {"name": "lokalt SAMRåD sundsvall", "kind": CouncilKind.LOCAL, "municipality": self.county.harnosand},
        ]
        for fields in bad:
            with self.subTest(**{k: str(v) for k, v in fields.items()}), self.assertRaises(IntegrityError):
                with transaction.atomic():
                    Council.objects.create(**fields)

    def test_a_municipality_with_a_council_cannot_be_deleted(self) -> None:
        from django.db.models import ProtectedError

        from tests.factories import MunicipalityFactory

        municipality = MunicipalityFactory(name="Ånge kommun", municipality_code="2260")
        self.local("Lokalt samråd Ånge", municipality).save()
        with self.assertRaises(ProtectedError):
            municipality.delete()

    def test_registered_in_the_admin(self) -> None:
        self.assertTrue(admin.site.is_registered(Council))


class DemoCouncilTests(TestCase):
    @override_settings(DEMO_MODE=True)
    def test_the_demo_county_has_a_local_council_per_municipality_and_the_regional(self) -> None:
        call_command("load_demo", stdout=StringIO())
        call_command("load_demo", stdout=StringIO())  # idempotent
        local = Council.objects.filter(kind=CouncilKind.LOCAL).select_related("municipality")
        self.assertEqual(sorted(c.municipality.name for c in local), sorted(demo.MUNICIPALITIES))
        region = Principal.objects.get(name=demo.REGION)
        for council in local:
            self.assertEqual(set(council.principals.all()), {council.municipality, region})
        regional = Council.objects.get(kind=CouncilKind.REGIONAL)
        self.assertEqual(regional.principals.count(), len(demo.MUNICIPALITIES) + 1)
        codes = list(Unit.objects.values_list("code", flat=True))
        self.assertEqual(len(codes), len(set(codes)))
        self.assertEqual(
            Unit.objects.get(name="Beroendecentrum Sundsvall").code, demo.UNIT_CODES["Beroendecentrum Sundsvall"]
        )
        self.assertTrue(demo.UNIT_CODES["Beroendecentrum Sundsvall"].startswith("SE2321000206-"))
