"""The keyed chain, step 2 of 3: existing entries get their MAC and a link, in id order.

Only a log whose old (unkeyed) chain is whole is converted: MACing a changed log would bless the
change. A broken old chain stops the migration (restore the log from a backup; a demo database
can be deleted and loaded again)."""

import hashlib
import json
from datetime import UTC

from django.db import migrations

from audit.chain import GENESIS, MAC_FIELDS, entry_mac, link_hash
from audit.keys import current_mac_key

_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True)
BATCH = 2000


def _old_hash(prev_hash, entry):
    # audit.chain.entry_hash as it was before the keyed chain (frozen here).
    canonical = _CANONICAL.encode(
        [prev_hash, entry.at.astimezone(UTC).isoformat(timespec="microseconds")]
        + [getattr(entry, name) for name in MAC_FIELDS[1:]]
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def forward(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditLink = apps.get_model("audit", "AuditLink")
    if not AuditEntry.objects.exists():
        return
    key_id, key = current_mac_key()
    expected, seq, link_prev = GENESIS, 0, GENESIS
    batch = []
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=BATCH):
        if entry.prev_hash != expected or _old_hash(entry.prev_hash, entry) != entry.hash:
            raise RuntimeError(
                f"The audit log's old chain is broken at entry {entry.pk}: it is not converted to the keyed chain."
            )
        expected = entry.hash
        entry.key_id = key_id
        entry.mac = entry_mac(key, [getattr(entry, name) for name in MAC_FIELDS])
        seq += 1
        digest = link_hash(key, seq, entry.pk, link_prev, entry.mac)
        batch.append((entry, AuditLink(seq=seq, entry_id=entry.pk, prev_hash=link_prev, hash=digest, key_id=key_id)))
        link_prev = digest
        if len(batch) >= BATCH:
            _save(AuditEntry, AuditLink, batch)
            batch = []
    _save(AuditEntry, AuditLink, batch)


def _save(AuditEntry, AuditLink, batch):
    AuditEntry.objects.bulk_update([entry for entry, _link in batch], ["key_id", "mac"])
    AuditLink.objects.bulk_create([link for _entry, link in batch])


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_keyed_chain_fields")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
