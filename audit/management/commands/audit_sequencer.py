import logging
import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from audit.checks import role_warnings
from audit.sequencer import audit_chain_pending

logger = logging.getLogger(__name__)
# Every so often a round looks at every entry, not only the newest (audit.sequencer.LOOKBACK).
FULL_EVERY_SECONDS = 600


class Command(BaseCommand):
    help = "Chain new audit entries in order (audit.sequencer), every --interval seconds, or --once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=0.5, help="seconds between rounds (default 0.5)")
        parser.add_argument("--once", action="store_true", help="one full round, then exit")

    def handle(self, *args: object, interval: float, once: bool, **options: object) -> None:
        for warning in role_warnings():
            self.stderr.write(f"Warning: {warning}")
        if once:
            self.stdout.write(f"{audit_chain_pending(full=True)} entries chained.")
            return
        full_at = 0.0
        while True:
            full = time.monotonic() >= full_at
            try:
                audit_chain_pending(full=full)
                if full:
                    full_at = time.monotonic() + FULL_EVERY_SECONDS
            except DatabaseError:
                # The database restarting must not end the sequencer: the next round tries again.
                logger.exception("audit sequencer round failed")
                close_old_connections()
            time.sleep(interval)
