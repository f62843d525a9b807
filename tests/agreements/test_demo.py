"""The demo county's agreements (seed 002) and the matrix filled for its seven municipalities."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings

from agreements.demo import ADDICTION, MITTBUS
from agreements.models import AgreedResponsibility, Agreement, InterventionType, Provision
from agreements.selectors import who_does
from core import demo
from organisations.models import Principal


@override_settings(DEMO_MODE=True)
class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("load_demo", stdout=StringIO())

    def test_the_addiction_agreement_as_seed_002_has_it(self) -> None:
        agreement = Agreement.objects.get(title=ADDICTION)
        self.assertEqual(agreement.adopted_on.isoformat(), "2014-02-19")
        self.assertEqual(agreement.parties.count(), 8, "the region and the seven municipalities")
        self.assertIn("Gravida kvinnor med riskbruk, missbruk och beroendeproblematik", agreement.target_group_list)
        self.assertEqual({b.name for b in agreement.bodies.all()} >= {"SocialKOLA", "LokalKOLA"}, True)
        self.assertEqual({b.level for b in agreement.bodies.all()}, {"political", "official", "local"})
        self.assertEqual(len(agreement.dispute_steps), 4)
        self.assertEqual(agreement.documents.get().pages, 1)
        self.assertTrue(Agreement.objects.filter(title=MITTBUS).exists())

    def test_every_intervention_has_a_responsible_principal_and_a_provider_in_every_municipality(self) -> None:
        agreement = Agreement.objects.get(title=ADDICTION)
        types = InterventionType.objects.filter(is_active=True)
        self.assertEqual(AgreedResponsibility.objects.filter(agreement=agreement).count(), types.count())
        for municipality in Principal.objects.filter(name__in=demo.MUNICIPALITIES):
            for code in ("withdrawal-treatment", "medication-assisted", "social-treatment", "housing-support",
                         "compulsory-care", "sip", "psychiatric-care"):  # fmt: skip
                with self.subTest(municipality=municipality.name, code=code):
                    answer = who_does(intervention_type=types.get(code=code), municipality=municipality)
                    self.assertTrue(answer and all(p.unit.phone for p in answer))

    def test_loading_again_changes_nothing(self) -> None:
        before = (Agreement.objects.count(), Provision.objects.count())
        call_command("load_demo", stdout=StringIO())
        self.assertEqual((Agreement.objects.count(), Provision.objects.count()), before)
