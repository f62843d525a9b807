import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import synthetic


class Command(BaseCommand):
    help = (
        "Fill an empty database with a synthetic, fictional county at the scale of N individuals "
        "(for benchmarks). The same --seed gives the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--individuals",
            type=int,
            default=synthetic.DEFAULT_INDIVIDUALS,
            help=f"County scale in individuals (default {synthetic.DEFAULT_INDIVIDUALS}).",
        )
        parser.add_argument(
            "--seed", type=int, default=synthetic.DEFAULT_SEED, help=f"Default {synthetic.DEFAULT_SEED}."
        )

    def handle(self, *args: object, **options: object) -> None:
        individuals = options["individuals"]
        seed = options["seed"]
        assert isinstance(individuals, int) and isinstance(seed, int)
        if individuals < 1:
            raise CommandError("--individuals must be at least 1.")
        started = time.monotonic()
        try:
            made = synthetic.generate(individuals=individuals, seed=seed)
        except synthetic.NotEmptyError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Synthetic county (seed {seed}, scale {individuals} individuals): {made.principals} principals, "
            f"{made.units} units, {made.staff} staff, {made.memberships} memberships "
            f"in {time.monotonic() - started:.1f} s."
        )
        if made.individuals == 0:
            self.stdout.write("Individuals: none generated yet (core.synthetic.generate_individuals).")
        else:
            self.stdout.write(f"Individuals: {made.individuals}.")
