"""Reserve numbers were stored as typed ("19850505d002", "19850505 D002"): store every one in its
single writing and re-hash it, so that look-up by any accepted writing finds it.

A row whose normalised number is already another record's is left as it was: two records of one
person are merged only by a unit manager's explicit step, never by a migration."""

from django.db import migrations

from core.crypto import keyed_hash
from individuals.identity import normalise_reserve_number

RESERVE = "reservnummer"


def _normalise(model, taken: set[str]) -> int:
    skipped = 0
    for row in model.objects.filter(identity_kind=RESERVE).iterator():
        value = normalise_reserve_number(row.identity_number)
        if value is None or value == row.identity_number:
            continue
        digest = keyed_hash(value)
        if digest in taken or model.objects.filter(identity_hash=digest).exists():
            skipped += 1
            continue
        row.identity_number = value
        row.identity_hash = digest
        row.save(update_fields=["identity_number", "identity_hash"])
        taken.add(digest)
    return skipped


def normalise(apps, schema_editor):
    individual = apps.get_model("individuals", "Individual")
    previous = apps.get_model("individuals", "PreviousIdentity")
    skipped = _normalise(individual, set()) + _normalise(previous, set())
    if skipped:
        # Counts only: never a number or name in the migration's output.
        print(f"\n  {skipped} reserve number(s) left as typed: another record has the same number (merge them).")


class Migration(migrations.Migration):
    dependencies = [("individuals", "0002_relation_ended_at_and_merge")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
