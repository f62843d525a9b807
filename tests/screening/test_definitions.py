"""The definitions as data: the repository's files say what instruments.md says, a broken
definition is refused with every problem named, the loader is idempotent, and a version that
results use is frozen."""

import copy
from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, models, transaction
from django.test import SimpleTestCase, TestCase

from screening.definition import DefinitionError, parse
from screening.loader import load, load_instruments
from screening.models import Instrument, InstrumentVersion
from tests.screening.helpers import definition, raw


class FilesFollowTheSourcesTests(SimpleTestCase):
    def test_items_options_and_totals(self) -> None:
        # instruments.md: AUDIT 10 items 0–40, AUDIT-C 3 items 0–12, DUDIT 11 items 0–44, PGSI 9 items 0–27.
        for code, items, top in [("audit", 10, 40), ("audit-c", 3, 12), ("dudit", 11, 44), ("pgsi", 9, 27)]:
            with self.subTest(code=code):
                read = definition(code)
                self.assertEqual((len(read.items), read.max_total), (items, top))
                self.assertEqual(read.code, code)
        audit = definition("audit")
        self.assertEqual([i.points for i in audit.items[8:]], [(0, 2, 4), (0, 2, 4)])
        self.assertEqual({i.points for i in audit.items[:8]}, {(0, 1, 2, 3, 4)})
        dudit = definition("dudit")
        self.assertEqual([i.points for i in dudit.items[9:]], [(0, 2, 4), (0, 2, 4)])
        self.assertEqual(
            [o.text.sv for o in definition("pgsi").items[0].options], ["Aldrig", "Ibland", "Ofta", "Nästan alltid"]
        )

    def test_loinc_codes(self) -> None:
        self.assertEqual((definition("audit").loinc_panel, definition("audit").loinc_total), ("72110-0", "75624-7"))
        self.assertEqual((definition("audit-c").loinc_panel, definition("audit-c").loinc_total), ("72109-2", "75626-2"))
        self.assertIsNone(definition("dudit").loinc_total)
        self.assertIsNone(definition("pgsi").loinc_total)

    def test_skip_rule_subscales_and_sources(self) -> None:
        rule = definition("audit").skip_rules[0]
        self.assertEqual((rule.item, rule.points, rule.skip), (1, 0, (2, 3, 4, 5, 6, 7, 8)))
        self.assertEqual(
            [(s.code, s.items) for s in definition("audit").subscales],
            [("consumption", (1, 2, 3)), ("dependence", (4, 5, 6)), ("harm", (7, 8, 9, 10))],
        )
        self.assertIn("WHO/MSD/MSB/01.6a", definition("audit").source)
        self.assertIn("Bergman", definition("audit").copyright)
        self.assertIn("Ferris & Wynne", definition("pgsi").source)
        self.assertIn("Berman", definition("dudit").source)


class BrokenDefinitionTests(SimpleTestCase):
    def broken(self, change) -> list[str]:  # type: ignore[no-untyped-def]
        data = copy.deepcopy(raw("dudit"))
        change(data)
        with self.assertRaises(DefinitionError) as caught:
            parse(data)
        return caught.exception.problems

    def test_each_problem_is_named(self) -> None:
        cases = [
            (lambda d: d.pop("items"), "definition.items: missing"),
            (lambda d: d["items"][3].update(number=7), "items[3].number: must be 4"),
            (lambda d: d["items"][0].update(options="nope"), "items[0].options: no option set named 'nope'"),
            (lambda d: d["option_sets"]["frequency"][1].update(points=0), "option_sets.frequency: two options give the same points"),  # noqa: E501
            (lambda d: d["option_sets"]["frequency"][1].update(points=True), "option_sets.frequency[1].points: must be a whole number"),  # noqa: E501
            (lambda d: d["items"][0]["text"].pop("sv"), "items[0].text.sv: missing text"),
            (lambda d: d["cutoffs"][0]["zones"].update(problematic=30), "starts must rise"),
            (lambda d: d["cutoffs"][0]["zones"].update(dependence=45), "within the maximum total 44"),
            (lambda d: d["cutoffs"][0]["zones"].pop("low"), "must give the lowest total of every zone"),
            (lambda d: d["cutoffs"].append(copy.deepcopy(d["cutoffs"][0])), "two bands apply equally to sex male"),
            (lambda d: d["cutoffs"].pop(1), "no band for sex female"),
            (lambda d: d["cutoffs"][2].update(age=[25, 16]), "cutoffs[2].age: must be [lowest, highest]"),
            (lambda d: d["zones"][1].update(advice="brief_advice"), "zones[1].advice: no advice named 'brief_advice'"),
            (lambda d: d["advice"].update(cure={"sv": "x", "en": "x"}), "advice.cure: must be one of"),
            (lambda d: d["skip_rules"].append({"item": 2, "points": 0, "skip": [1], "text": d["intro"]}), "may only skip items after"),  # noqa: E501
            (lambda d: d["skip_rules"].append({"item": 1, "points": 9, "skip": [2], "text": d["intro"]}), "one of its options' points"),  # noqa: E501
            (lambda d: d.update(format=2), "format: must be 1"),
            (lambda d: d.update(code="DUDIT!"), "code: lower-case letters"),
        ]  # fmt: skip
        for change, expected in cases:
            with self.subTest(expected=expected):
                problems = self.broken(change)
                self.assertTrue(any(expected in p for p in problems), problems)

    def test_the_order_of_keys_does_not_matter(self) -> None:
        # PostgreSQL's jsonb keeps no key order: the zones' order comes from the zones list.
        data = copy.deepcopy(raw("audit"))
        for band in data["cutoffs"]:
            band["zones"] = dict(sorted(band["zones"].items(), key=lambda kv: (len(kv[0]), kv[0])))
        bands = [band.starts for band in parse(data).bands]
        self.assertEqual(bands[0], (("low", 0), ("hazardous", 8), ("harmful", 16), ("dependence", 20)))

    def test_not_an_object(self) -> None:
        with self.assertRaises(DefinitionError):
            parse([1, 2])


class LoaderTests(TestCase):
    def test_loaded_by_the_migration_and_idempotent(self) -> None:
        load_instruments()  # a transactional test elsewhere may have flushed the migration's rows
        before = list(InstrumentVersion.objects.values_list("pk", "definition"))
        self.assertEqual(
            sorted(InstrumentVersion.objects.filter(is_current=True).values_list("instrument__code", flat=True)),
            ["audit", "audit-c", "dudit", "pgsi"],
        )
        out = StringIO()
        call_command("load_instruments", stdout=out)
        self.assertIn("unchanged audit 1", out.getvalue())
        self.assertEqual(list(InstrumentVersion.objects.values_list("pk", "definition")), before)
        self.assertEqual(
            list(Instrument.objects.filter(public_self_test=True).values_list("code", flat=True)),
            ["audit", "dudit", "pgsi"],
        )

    def test_a_new_version_keeps_the_old_one_and_becomes_current_only_when_made_so(self) -> None:
        load_instruments()
        audit = Instrument.objects.get(code="audit")
        old = audit.current_version()
        data = copy.deepcopy(old.definition)  # type: ignore[union-attr]
        data["version"] = "2"
        data["cutoffs"][0]["zones"]["hazardous"] = 7
        new = InstrumentVersion(instrument=audit, version="2", definition=data)
        new.full_clean()
        new.save()
        self.assertEqual(audit.current_version(), old)
        with self.assertRaises(IntegrityError), transaction.atomic():  # one current version per instrument
            InstrumentVersion.objects.filter(pk=new.pk).update(is_current=True)

    def test_clean_refuses_a_broken_or_mismatched_definition(self) -> None:
        load_instruments()
        audit = Instrument.objects.get(code="audit")
        data = copy.deepcopy(audit.current_version().definition)  # type: ignore[union-attr]
        with self.assertRaises(ValidationError) as caught:
            InstrumentVersion(instrument=audit, version="3", definition=data).full_clean()
        self.assertIn("version", str(caught.exception))
        data["version"] = "3"
        data["items"][0]["number"] = 5
        with self.assertRaises(ValidationError) as caught:
            InstrumentVersion(instrument=audit, version="3", definition=data).full_clean()
        self.assertIn("items[0].number", str(caught.exception))


class UsedVersionIsFrozenTests(TestCase):
    """A model that points at a version, as a stored result will: the version's definition freezes."""

    @classmethod
    def setUpClass(cls) -> None:
        # Registered for the rest of the run (its table stays, empty): InstrumentVersion's relations
        # are cached once, and no other test depends on them.
        class FakeResult(models.Model):
            version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="+")

            class Meta:
                app_label = "screening"

        cls.Result = FakeResult
        with connection.schema_editor() as editor:
            editor.create_model(FakeResult)
        super().setUpClass()

    def test_definition_cannot_change_once_used(self) -> None:
        load_instruments()
        version = InstrumentVersion.objects.get(instrument__code="pgsi", is_current=True)
        version.definition["notes"] = {"sv": "Ändrad", "en": "Changed"}
        version.save()  # not used yet: a correction is allowed
        self.Result.objects.create(version=version)
        self.assertTrue(version.in_use())
        version.definition["notes"] = {"sv": "Igen", "en": "Again"}
        with self.assertRaises(ValidationError):
            version.save()
        version.refresh_from_db()
        self.assertEqual(version.definition["notes"]["en"], "Changed")
        version.is_current = True
        version.save()  # saving other fields of a used version is fine
        report = load(Instrument, InstrumentVersion)
        self.assertIn("pgsi 1", report.refused)  # the file differs from the used definition: refused
