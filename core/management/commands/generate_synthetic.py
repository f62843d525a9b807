import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import synthetic


class Command(BaseCommand):
    help = (
        "Fill an empty database with a synthetic, fictional county of N individuals, their relations "
        "and an audit log (for benchmarks). The same --seed gives the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--individuals",
            type=int,
            default=synthetic.DEFAULT_INDIVIDUALS,
            help=f"Individuals; also sets the county's scale (default {synthetic.DEFAULT_INDIVIDUALS}).",
        )
        parser.add_argument(
            "--audit-entries",
            type=int,
            default=None,
            help=f"Audit log entries (default {synthetic.AUDIT_ENTRIES_PER_INDIVIDUAL} per individual).",
        )
        parser.add_argument(
            "--seed", type=int, default=synthetic.DEFAULT_SEED, help=f"Default {synthetic.DEFAULT_SEED}."
        )

    def handle(self, *args: object, **options: object) -> None:
        individuals = options["individuals"]
        audit_entries = options["audit_entries"]
        seed = options["seed"]
        assert isinstance(individuals, int) and isinstance(seed, int)
        assert audit_entries is None or isinstance(audit_entries, int)
        if individuals < 1:
            raise CommandError("--individuals must be at least 1.")
        if audit_entries is not None and audit_entries < 0:
            raise CommandError("--audit-entries cannot be negative.")
        started = time.monotonic()
        try:
            made = synthetic.generate(individuals=individuals, seed=seed, audit_entries=audit_entries)
        except synthetic.NotEmptyError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Synthetic county (seed {seed}, scale {individuals} individuals): {made.principals} principals, "
            f"{made.units} units, {made.staff} staff, {made.memberships} memberships; "
            f"{made.individuals} individuals, {made.relations} relations ({made.current_relations} current), "
            f"{made.consents} consents; {made.audit_entries} audit entries "
            f"in {time.monotonic() - started:.1f} s."
        )
        for app, counts in made.by_apps.items():
            self.stdout.write(f"  {app}: " + ", ".join(f"{count} {kind}" for kind, count in counts.items()))
