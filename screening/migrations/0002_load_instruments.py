"""AUDIT, AUDIT-C, DUDIT and PGSI from screening/instruments/*.json, so that a fresh database (and
`make run`) has them. Later changes to the files load with `manage.py load_instruments`."""

from django.db import migrations


def forward(apps, schema_editor):
    from screening.loader import load

    load(apps.get_model("screening", "Instrument"), apps.get_model("screening", "InstrumentVersion"))


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
