import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.verify import GRACE_SECONDS, PARALLEL_FROM, _can_fork, verify_log

__all__ = ["Command", "_can_fork", "verify_log"]


class Command(BaseCommand):
    help = (
        "Check every audit entry's MAC, every link of the chain and the chain against every signed "
        "checkpoint; exit non-zero naming the first problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers",
            type=int,
            default=0,
            help=(
                "Processes that check parts of the log side by side (PostgreSQL only). Default: one per "
                f"CPU from {PARALLEL_FROM} entries, else one."
            ),
        )
        parser.add_argument(
            "--grace",
            type=int,
            default=GRACE_SECONDS,
            help=f"seconds an entry may stay unchained (default {GRACE_SECONDS}; the sequencer needs about one)",
        )
        parser.add_argument(
            "--checkpoints",
            type=Path,
            default=None,
            help="directory of checkpoint files (default AUDIT_CHECKPOINT_DIR)",
        )

    def handle(self, *args: object, workers: int, grace: int, checkpoints: Path | None, **options: object) -> None:
        if workers < 0 or grace < 0:
            raise CommandError("--workers and --grace cannot be negative.")
        started = time.monotonic()
        result = verify_log(workers, grace_seconds=grace, checkpoint_dir=checkpoints)
        if result.broken is not None:
            raise CommandError(str(result.broken))
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Audit log intact: {result.entries} entries verified in {elapsed:.1f} s "
            f"({result.chained} chained, {result.entries - result.chained} not yet; "
            f"{result.checkpoints} checkpoints)."
        )
