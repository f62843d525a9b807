from django.db import migrations, models


def load_intervention_types(apps, schema_editor):
    from agreements.interventions import load_intervention_types as load

    load(apps.get_model("agreements", "InterventionType"))


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []

    operations = [
        migrations.CreateModel(
            name="InterventionType",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=60, unique=True, verbose_name="code")),
                ("name_sv", models.CharField(max_length=200, verbose_name="name (Swedish)")),
                ("name_en", models.CharField(max_length=200, verbose_name="name (English)")),
                (
                    "responsibility",
                    models.CharField(
                        choices=[("region", "Region"), ("municipality", "Municipality"), ("joint", "Joint")],
                        help_text="The principal responsible unless an agreement says otherwise.",
                        max_length=20,
                        verbose_name="responsible principal",
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
            ],
            options={"verbose_name": "intervention type", "verbose_name_plural": "intervention types", "ordering": ["order", "code"]},
        ),
        migrations.RunPython(load_intervention_types, migrations.RunPython.noop),
    ]
