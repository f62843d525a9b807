"""The sequencer: chains committed entries in order, off the requests' critical path.

Requests only INSERT their entry with its own MAC (audit.services.audit_record). This puts the
committed entries that have no link yet after the newest link, in id order, one link each
(audit.chain.link_hash). An entry whose transaction commits after later ones were chained gets a
later place: the chain's order is the order the sequencer saw entries in. Run by
`manage.py audit_sequencer` (every half second) and by `manage.py periodic` (job audit_chain).
"""

from django.db import connection, transaction
from django.db.models import Max

from audit.chain import GENESIS, link_hash
from audit.keys import current_mac_key
from audit.models import AuditEntry, AuditLink

BATCH = 5_000
# A round looks for unchained entries among the ids from this many below the newest chained one:
# an entry's transaction commits long before that many later entries are chained. A full round
# (the periodic job, and the sequencer every few minutes) looks at every entry.
LOOKBACK = 10_000
# Any constant shared by every sequencer: PostgreSQL's advisory lock lets one run at a time.
_LOCK = 0x5A4D_A0D1


def audit_chain_pending(*, full: bool = False, batch: int = BATCH) -> int:
    """Chain every committed entry that has no link yet; returns how many were chained.

    Another sequencer holding the lock (PostgreSQL) makes this return 0 at once: it does the work."""
    total = 0
    while True:
        chained = _chain_batch(full=full, batch=batch)
        total += chained
        if chained < batch:
            return total


def _chain_batch(*, full: bool, batch: int) -> int:
    with transaction.atomic():
        if not _locked():
            return 0
        head = AuditLink.objects.order_by("-seq").values_list("seq", "hash").first() or (0, GENESIS)
        low = 0
        if not full:
            newest = AuditLink.objects.aggregate(newest=Max("entry_id"))["newest"]
            low = max((newest or 0) - LOOKBACK, 0)
        pending = list(
            AuditEntry.objects.filter(id__gt=low, link__isnull=True).order_by("id").values_list("id", "mac")[:batch]
        )
        if not pending:
            return 0
        key_id, key = current_mac_key()
        seq, prev_hash = head
        links = []
        for entry_id, mac in pending:
            seq += 1
            digest = link_hash(key, seq, entry_id, prev_hash, mac)
            links.append(AuditLink(seq=seq, entry_id=entry_id, prev_hash=prev_hash, hash=digest, key_id=key_id))
            prev_hash = digest
        AuditLink.objects.bulk_create(links)
        return len(links)


def _locked() -> bool:
    """One sequencer at a time: PostgreSQL's transaction-level advisory lock; SQLite's
    transactions already begin IMMEDIATE (settings), which takes the database's write lock."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_LOCK])
        return bool(cursor.fetchone()[0])
