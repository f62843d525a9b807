import time

from django.core.management.base import BaseCommand, CommandError

from audit.chain import HASHED_FIELDS, first_break
from audit.models import AuditChainHead, AuditEntry


class Command(BaseCommand):
    help = "Walk the audit log's hash chain; exit non-zero naming the first broken entry."

    def handle(self, *args: object, **options: object) -> None:
        started = time.monotonic()
        rows = AuditEntry.objects.order_by("id").values_list(*HASHED_FIELDS).iterator(chunk_size=20_000)
        count, broken = first_break(rows)
        if broken is not None:
            raise CommandError(f"Audit log broken at entry {broken.entry_id}: {broken.reason}.")
        head = AuditChainHead.objects.filter(pk=1).first()
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        if head is not None and last is not None and head.last_hash != last:
            raise CommandError("Audit log broken at the end: the newest entries were removed.")
        elapsed = time.monotonic() - started
        self.stdout.write(f"Audit log intact: {count} entries verified in {elapsed:.1f} s.")
