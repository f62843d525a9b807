"""The synthetic reports for the benchmark (deviations/synthetic.py): one per individual, every
state, between municipalities and the region, councils made, in bulk."""

from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from deviations.models import Counterpart, Report, State, Step
from organisations.models import Council, PrincipalKind


class SyntheticReports(TestCase):
    def test_one_report_per_individual_in_every_state_in_few_queries(self) -> None:
        with CaptureQueriesContext(connection) as queries:
            call_command("generate_synthetic", individuals=3000, audit_entries=0, seed=7, stdout=StringIO())
        self.assertEqual(Report.objects.count(), 3000)
        self.assertEqual(set(Report.objects.values_list("state", flat=True)), set(State.values))
        self.assertEqual(Counterpart.objects.count(), 3000)
        self.assertFalse(Counterpart.objects.filter(unit_id=models_f("report__reporting_unit_id")).exists())
        self.assertTrue(Council.objects.filter(kind="regional").exists())
        open_steps = Step.objects.filter(closed_at__isnull=True).count()
        self.assertEqual(open_steps, Report.objects.exclude(state=State.RESOLVED).count())
        kinds = set(Report.objects.values_list("reporting_principal__kind", flat=True))
        self.assertTrue(kinds <= {PrincipalKind.MUNICIPALITY, PrincipalKind.REGION})
        writes = [q for q in queries.captured_queries if 'INSERT INTO "deviations_report"' in q["sql"]]
        self.assertLess(len(writes), 100)  # in bulk (SQLite splits a batch by its variable limit), not a row at a time


def models_f(name: str):  # type: ignore[no-untyped-def]
    from django.db.models import F

    return F(name)


class SyntheticReportsInATinyCounty(TestCase):
    """Any scale works: fewer units than the generator samples, no unit of the other kind, a unit without staff."""

    def county(self, units: list, individuals: int):  # type: ignore[no-untyped-def]
        import datetime
        import random
        from types import SimpleNamespace

        from core.synthetic_registry import County

        return County(seed=1, rng=random.Random(1), scale=SimpleNamespace(individuals=individuals), units=units,
                      people=[], today=datetime.date.today())  # fmt: skip

    def test_two_municipal_units_and_no_region(self) -> None:
        from deviations.synthetic import generate
        from tests.factories import MembershipFactory, MunicipalityFactory, UnitFactory

        town = MunicipalityFactory(name="Testkommun")
        staffed, empty = UnitFactory(principal=town), UnitFactory(principal=town)
        MembershipFactory(unit=staffed)
        made = generate(self.county([staffed, empty], 40))
        self.assertEqual(made["deficiency_reports"], 40)
        self.assertEqual(set(Report.objects.values_list("reporting_unit_id", flat=True)), {staffed.pk})
        self.assertEqual(set(Counterpart.objects.values_list("unit_id", flat=True)), {empty.pk})

    def test_a_county_too_small_for_reports_makes_none_and_does_not_fail(self) -> None:
        from deviations.synthetic import generate
        from tests.factories import MunicipalityFactory, UnitFactory

        lone = UnitFactory(principal=MunicipalityFactory(name="Ensamkommun"))
        self.assertEqual(generate(self.county([lone], 10))["deficiency_reports"], 0)
        self.assertEqual(generate(self.county([], 10))["deficiency_reports"], 0)

    def test_the_whole_generator_at_200_individuals(self) -> None:
        call_command("generate_synthetic", individuals=200, audit_entries=0, seed=11, stdout=StringIO())
        self.assertEqual(Report.objects.count(), 200)
