"""The keyed chain, step 1 of 3: each entry's own MAC and key id, and the link table.

The old trigger is dropped here so that step 2 can fill the new columns of existing entries;
step 3 puts the guard back on both tables."""

import django.db.models.deletion
from django.db import migrations, models


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry", params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_fewer_indexes'),
    ]

    operations = [
        migrations.RunPython(drop_trigger, migrations.RunPython.noop),
        migrations.AddField(
            model_name='auditentry',
            name='key_id',
            field=models.CharField(default='', max_length=16),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='auditentry',
            name='mac',
            field=models.CharField(default='', max_length=64),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name='AuditLink',
            fields=[
                ('seq', models.BigIntegerField(primary_key=True, serialize=False)),
                ('prev_hash', models.CharField(max_length=64)),
                ('hash', models.CharField(max_length=64)),
                ('key_id', models.CharField(max_length=16)),
                ('entry', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='link', to='audit.auditentry')),
            ],
        ),
    ]
