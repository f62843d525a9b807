"""Run every registered periodic job once (or in a loop with --loop SECONDS)."""

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.periodic import jobs

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the registered periodic jobs (reminders, audit checkpoints, ...)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--loop", type=int, default=0, help="repeat every N seconds (0: run once)")
        parser.add_argument("--only", action="append", default=[], help="run only the named job(s)")

    def handle(self, *args: Any, loop: int, only: list[str], **options: Any) -> None:
        selected = [job for job in jobs() if not only or job.name in only]
        unknown = set(only) - {job.name for job in jobs()}
        if unknown:
            raise CommandError(f"Unknown job(s): {', '.join(sorted(unknown))}")
        while True:
            failed = 0
            for job in selected:
                try:
                    self.stdout.write(f"{job.name}: {job.run()}")
                except Exception:  # noqa: BLE001 -- one failing job must not stop the others
                    failed += 1
                    logger.exception("periodic job %s failed", job.name)
            if not loop:
                if failed:
                    raise CommandError(f"{failed} job(s) failed")
                return
            time.sleep(loop)
