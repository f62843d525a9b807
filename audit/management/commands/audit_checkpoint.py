from django.core.management.base import BaseCommand, CommandParser

from audit.checkpoints import checkpoint_write
from audit.keys import checkpoint_signing_key, public_key_text
from audit.sequencer import audit_chain_pending


class Command(BaseCommand):
    help = (
        "Chain pending entries, then append a signed checkpoint of the chain's head to "
        "AUDIT_CHECKPOINT_DIR (and syslog with AUDIT_CHECKPOINT_SYSLOG=1). Run it from a timer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--public-key",
            action="store_true",
            help="print the signing key's public key (for AUDIT_CHECKPOINT_PUBLIC_KEYS) and exit",
        )

    def handle(self, *args: object, public_key: bool, **options: object) -> None:
        if public_key:
            self.stdout.write(public_key_text(checkpoint_signing_key().public_key()))
            return
        self.stdout.write(checkpoint_job())


def checkpoint_job() -> str:
    audit_chain_pending()
    written = checkpoint_write()
    if written is None:
        return "nothing chained yet, no checkpoint"
    return f"checkpoint at link {written['seq']} ({written['entries']} entries)"
