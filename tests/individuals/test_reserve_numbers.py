"""Reserve numbers are found and registered whatever the writing (issue 7 §7), and the migration
re-normalises the rows stored as typed."""

import datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase
from django.urls import reverse
from django.utils import timezone

from core.crypto import keyed_hash
from individuals.models import ActiveRelation, Individual
from tests.individuals.base import ENGLISH, IndividualTestCase
from tests.personas import County

WRITINGS = ("19850505D002", "19850505d002", "19850505 D002", "19850505-d002")


class ReserveNumberFlowTests(IndividualTestCase):
    def setUp(self) -> None:
        self.client.cookies.load(ENGLISH)

    def test_every_writing_finds_the_person_and_none_registers_a_duplicate(self) -> None:
        self.sign_in(self.county.social_worker)
        elva = self.register("19850505-D002")
        self.assertEqual(elva.identity_number, "19850505-D002")
        for text in WRITINGS:
            with self.subTest(text):
                self.assertRedirects(self.client.post(reverse("individual_find"), {"number": text}),
                                     elva.get_absolute_url())  # fmt: skip
                data = {"number": text, "first_name": "Dubbel", "last_name": "Dubblett", "contact_kind": "care"}
                self.assertEqual(self.client.post(reverse("individual_register"), data).status_code, 409)
        self.assertEqual(Individual.objects.count(), 1)

    def test_the_find_form_names_reserve_numbers(self) -> None:
        self.sign_in(self.county.social_worker)
        response = self.client.get(reverse("my_individuals"))
        self.assertContains(response, "reserve number")
        response = self.client.post(reverse("individual_find"), {"number": "1985O505-D002"})
        self.assertContains(response, "reserve number", status_code=400)


class ReserveMigrationTests(TransactionTestCase):
    """0003 stores every reserve number in its one writing and re-hashes it (and earlier numbers)."""

    before = [("individuals", "0002_relation_ended_at_and_merge")]
    after = [("individuals", "0003_normalise_reserve_numbers")]

    def migrate(self, target):  # type: ignore[no-untyped-def]
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(target)
        return executor.loader.project_state(target).apps

    def tearDown(self) -> None:
        self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    def test_rows_stored_as_typed_are_normalised_and_rehashed(self) -> None:
        apps = self.migrate(self.before)
        individual = apps.get_model("individuals", "Individual")
        previous = apps.get_model("individuals", "PreviousIdentity")

        def person(number: str, **extra):  # type: ignore[no-untyped-def]
            return individual.objects.create(identity_kind="reservnummer", identity_number=number,
                                             identity_hash=keyed_hash(number), first_name="A", last_name="B",
                                             **extra)  # fmt: skip

        typed = person("19850505D002")
        lower = person("19771130-d004")
        canonical = person("19850505-D003")
        duplicate = person("19850505 d003")  # the same number as "canonical": left for a manager to merge
        previous.objects.create(individual=canonical, identity_kind="reservnummer", identity_number="20010707d005",
                                identity_hash=keyed_hash("20010707d005"))  # fmt: skip
        self.migrate(self.after)
        rows = {row.pk: row for row in Individual.objects.all()}
        self.assertEqual(rows[typed.pk].identity_number, "19850505-D002")
        self.assertEqual(rows[typed.pk].identity_hash, keyed_hash("19850505-D002"))
        self.assertEqual(rows[lower.pk].identity_hash, keyed_hash("19771130-D004"))
        self.assertEqual(rows[canonical.pk].identity_hash, keyed_hash("19850505-D003"))
        self.assertEqual(rows[duplicate.pk].identity_number, "19850505 d003")
        self.assertEqual(rows[duplicate.pk].merged_into_id, None)
        self.assertEqual(rows[canonical.pk].previous_identities.get().identity_hash, keyed_hash("20010707-D005"))


class EndedAtMigrationTests(TransactionTestCase):
    """0002 gives relations closed before it the end they had (the end of their last day)."""

    def migrate(self, target):  # type: ignore[no-untyped-def]
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(target)
        return executor.loader.project_state(target).apps

    def tearDown(self) -> None:
        self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    def test_closed_relations_end_at_midnight_after_their_last_day(self) -> None:
        county = County()
        apps = self.migrate([("individuals", "0001_initial")])
        individual = apps.get_model("individuals", "Individual").objects.create(
            identity_kind="personnummer", identity_number="191212121212", identity_hash=keyed_hash("191212121212"),
            first_name="A", last_name="B",
        )  # fmt: skip
        relation_model = apps.get_model("individuals", "ActiveRelation")
        day = datetime.date(2026, 3, 1)
        common = {"individual_id": individual.pk, "contact_kind": "care", "opened_by_id": county.social_worker.pk,
                  "started_on": day - datetime.timedelta(days=10)}  # fmt: skip
        closed = relation_model.objects.create(unit_id=county.adult_unit.pk, ended_on=day, **common)
        still_open = relation_model.objects.create(unit_id=county.addiction_unit.pk, **common)
        self.migrate([("individuals", "0002_relation_ended_at_and_merge")])
        closed_now = ActiveRelation.objects.get(pk=closed.pk)
        midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min,
                                             tzinfo=timezone.get_default_timezone())  # fmt: skip
        self.assertEqual(closed_now.ended_at, midnight)
        self.assertIsNone(ActiveRelation.objects.get(pk=still_open.pk).ended_at)
