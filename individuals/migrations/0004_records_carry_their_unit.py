"""Every record about an individual carries the unit that recorded it (issue 8, defect 1).

Existing rows get the unit from the audit log: the allowed CREATE entry of the record names the
unit of the membership that recorded it. A row whose entry names no unit (or that has none) stays
null, which access.policy reads as "legacy: shared basics, visible to everyone with access"; no
unit is guessed, since a wrong guess would hide a record from the units that should see it, or
put it under a block it was never part of."""

import django.db.models.deletion
from django.db import migrations, models

# (model, the object type its CREATE entry names, the field that entry's object_id holds)
RECORDS = (("Consent", "individuals.consent", "uuid"), ("Relative", "individuals.relative", "pk"),
           ("Child", "individuals.child", "pk"))  # fmt: skip


def units_from_the_log(apps, schema_editor):
    entry_model = apps.get_model("audit", "AuditEntry")
    unit_ids = set(apps.get_model("organisations", "Unit").objects.values_list("pk", flat=True))
    for model_name, object_type, key in RECORDS:
        model = apps.get_model("individuals", model_name)
        if not model.objects.filter(unit__isnull=True).exists():
            continue
        created = dict(
            entry_model.objects.filter(action="create", outcome="allowed", object_type=object_type,
                                       unit_id__isnull=False)
            .order_by("pk")
            .values_list("object_id", "unit_id")
        )  # fmt: skip
        for row in model.objects.filter(unit__isnull=True).iterator():
            unit_id = created.get(str(getattr(row, key)))
            if unit_id in unit_ids:
                model.objects.filter(pk=row.pk).update(unit_id=unit_id)


class Migration(migrations.Migration):
    dependencies = [
        ("individuals", "0003_normalise_reserve_numbers"),
        ("organisations", "0001_initial"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="consent",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.unit",
            ),  # fmt: skip
        ),
        migrations.AddField(
            model_name="relative",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.unit",
            ),  # fmt: skip
        ),
        migrations.AddField(
            model_name="child",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.unit",
            ),  # fmt: skip
        ),
        migrations.RunPython(units_from_the_log, migrations.RunPython.noop),
    ]
