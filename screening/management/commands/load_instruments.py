"""manage.py load_instruments: the definitions in screening/instruments/*.json into the database."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from screening.definition import DefinitionError
from screening.loader import load_instruments


class Command(BaseCommand):
    help = "Load the instrument definitions from screening/instruments/ (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--activate", action="store_true", help="Make newly added versions current (default: only when none is)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                report = load_instruments(activate=options["activate"])
        except DefinitionError as exc:
            raise CommandError(f"A definition is not valid: {exc}") from exc
        for label in report.created:
            self.stdout.write(f"added {label}")
        for label in report.updated:
            self.stdout.write(f"updated {label} (no results used it)")
        for label in report.unchanged:
            self.stdout.write(f"unchanged {label}")
        if report.refused:
            raise CommandError(
                "Results use these versions, so their definitions cannot change: "
                + ", ".join(report.refused)
                + ". Give the changed definition a new version name."
            )
