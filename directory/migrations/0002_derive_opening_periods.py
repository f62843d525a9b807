"""Derive the weekly opening periods of the units that exist already (later changes derive them
on save, directory.signals)."""

from django.db import migrations

from directory.hours import opening_hours_parse


def derive(apps, schema_editor):  # type: ignore[no-untyped-def]
    Unit = apps.get_model("organisations", "Unit")
    OpeningPeriod = apps.get_model("directory", "OpeningPeriod")
    rows = []
    for unit_id, text in Unit.objects.values_list("id", "opening_hours"):
        for period in opening_hours_parse(text) or []:
            rows.append(OpeningPeriod(unit_id=unit_id, weekday=period.weekday, opens=period.opens, closes=period.closes))
    OpeningPeriod.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(derive, migrations.RunPython.noop)]
