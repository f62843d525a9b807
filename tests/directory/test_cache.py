"""The guide's answers are cached, and any change to a unit (its fields, services, municipalities,
hours, directions, principal) is seen at once after it is committed."""

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from directory.models import OpeningPeriod, UnitDirections
from directory.questions import Concern, Urgency
from directory.selectors import Question, guide_answer
from organisations.models import Service, ServiceCode
from tests.directory.world import GuideCounty, stockholm

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "guide-tests"}}
QUESTION = Question("2281", 40, Concern.ALCOHOL, Urgency.SOON)
NOON = stockholm(2026, 12, 2, 12, 0)


def names(question: Question = QUESTION) -> list[str]:
    return [unit.name for unit in guide_answer(question, now=NOON).units]


@override_settings(CACHES=LOCMEM)
class GuideCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = GuideCounty()

    def setUp(self) -> None:
        from django.core.cache import cache

        cache.clear()

    def change(self, fn: object) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            fn()  # type: ignore[operator]

    def test_a_second_answer_reads_nothing_from_the_database(self) -> None:
        guide_answer(QUESTION, now=NOON)
        with self.assertNumQueries(0):
            answer = guide_answer(QUESTION, now=NOON)
        self.assertEqual(answer.units[0].name, "Gemensam mottagning Guideby")

    def test_the_cache_is_really_used_until_a_change_is_committed(self) -> None:
        guide_answer(QUESTION, now=NOON)
        self.county.joint.phone = "070-174 06 99"
        self.county.joint.save()  # not committed yet (the test's transaction): the cached answer stands
        self.assertEqual(guide_answer(QUESTION, now=NOON).units[0].phone, "070-174 06 05")

    def test_a_changed_field_is_seen(self) -> None:
        guide_answer(QUESTION, now=NOON)
        self.county.joint.phone = "070-174 06 99"
        self.change(self.county.joint.save)
        self.assertEqual(guide_answer(QUESTION, now=NOON).units[0].phone, "070-174 06 99")

    def test_a_deactivated_unit_goes(self) -> None:
        self.assertIn("Beroendecentrum Guideby", names())
        self.county.addiction.is_active = False
        self.change(self.county.addiction.save)
        self.assertNotIn("Beroendecentrum Guideby", names())

    def test_services_and_municipalities_changed_through_the_m2m(self) -> None:
        self.assertIn("Beroendecentrum Guideby", names())
        self.change(lambda: self.county.addiction.serves_municipalities.remove(self.county.town))
        self.assertNotIn("Beroendecentrum Guideby", names())
        self.change(lambda: self.county.addiction.serves_municipalities.add(self.county.town))
        self.assertIn("Beroendecentrum Guideby", names())
        gambling = Question("2281", 40, Concern.GAMBLING, Urgency.SOON)
        self.assertIn("Beroendecentrum Guideby", names(gambling))
        service = Service.objects.get(code=ServiceCode.GAMBLING_TREATMENT)
        self.change(lambda: self.county.addiction.services.remove(service))
        self.assertNotIn("Beroendecentrum Guideby", names(gambling))
        self.change(lambda: self.county.addiction.services.clear())
        self.assertNotIn("Beroendecentrum Guideby", names())

    def test_new_opening_hours_are_derived_and_seen(self) -> None:
        saturday = stockholm(2026, 12, 5, 12, 0)
        self.assertIs(guide_answer(QUESTION, now=saturday).units[0].open_now, False)
        self.county.joint.opening_hours = "Alla dagar 8–20"
        self.change(self.county.joint.save)
        self.assertEqual(OpeningPeriod.objects.filter(unit=self.county.joint).count(), 7)
        self.assertIs(guide_answer(QUESTION, now=saturday).units[0].open_now, True)
        self.county.joint.opening_hours = "Ring för tid"
        self.change(self.county.joint.save)
        self.assertFalse(OpeningPeriod.objects.filter(unit=self.county.joint).exists())
        self.assertIsNone(guide_answer(QUESTION, now=saturday).units[0].open_now)

    def test_directions_and_principal(self) -> None:
        guide_answer(QUESTION, now=NOON)
        self.change(lambda: UnitDirections.objects.create(unit=self.county.joint, text="Buss 1 (fiktivt)."))
        self.assertEqual(guide_answer(QUESTION, now=NOON).units[0].directions, "Buss 1 (fiktivt).")
        self.county.town.name = "Nyby kommun"
        self.change(self.county.town.save)
        answer = guide_answer(QUESTION, now=NOON)
        self.assertEqual((answer.municipality_name, answer.units[0].principal), ("Nyby kommun", "Nyby kommun"))

    def test_open_now_is_computed_per_request_not_cached(self) -> None:
        self.assertIs(guide_answer(QUESTION, now=NOON).units[0].open_now, True)
        self.assertIs(guide_answer(QUESTION, now=stockholm(2026, 12, 2, 20, 0)).units[0].open_now, False)


class GuideQueryCountTests(TestCase):
    """On the default (database) cache: an uncached answer costs the same whatever the number of units."""

    def queries(self) -> int:
        from directory import cache as guide_cache

        guide_cache.invalidate()
        with CaptureQueriesContext(connection) as captured:
            guide_answer(QUESTION, now=NOON)
        return len(captured)

    def test_constant_in_the_number_of_units(self) -> None:
        county = GuideCounty()
        few = self.queries()
        for index in range(10):
            counselling = (ServiceCode.COUNSELLING,)
            unit = county.unit(f"Extra {index}", county.town, "primary_care", "070-174 06 11", counselling,
                               age_min=None, hours="Mån–fre 8–17")  # fmt: skip
            UnitDirections.objects.create(unit=unit, text="Fiktivt.")
        self.assertEqual(self.queries(), few)
