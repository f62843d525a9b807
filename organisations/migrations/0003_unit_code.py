from django.db import migrations, models


def give_codes(apps, schema_editor):
    # Existing units get a placeholder code from their row id (unique, and in the code format);
    # the county administrator replaces it with the HSA-id or the municipality's code on the unit's page.
    Unit = apps.get_model("organisations", "Unit")
    for unit in Unit.objects.filter(code__isnull=True).only("pk"):
        Unit.objects.filter(pk=unit.pk).update(code=f"UNIT-{unit.pk}")


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_constraint_messages"),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="code",
            field=models.CharField(max_length=32, null=True, verbose_name="code"),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
    ]
