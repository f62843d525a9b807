"""The migration that introduced Unit.code gives every existing unit a unique code in the format."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

BEFORE = [("organisations", "0002_constraint_messages")]
AFTER = [("organisations", "0004_unit_code_required_council")]


class UnitCodeMigrationTests(TransactionTestCase):
    def test_existing_units_get_unique_codes(self) -> None:
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        principal = old.get_model("organisations", "Principal").objects.create(
            name="Gamla kommunen", kind="municipality", municipality_code="2281"
        )
        unit_model = old.get_model("organisations", "Unit")
        for name in ("Enhet A", "Enhet B", "Enhet C"):
            unit_model.objects.create(principal=principal, name=name, unit_type="other")

        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        codes = list(new.get_model("organisations", "Unit").objects.order_by("pk").values_list("code", flat=True))
        self.assertEqual(len(codes), 3)
        self.assertEqual(len(set(codes)), 3)
        self.assertTrue(all(code.startswith("UNIT-") for code in codes), codes)

        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
