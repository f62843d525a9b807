"""The keyed chain, step 3 of 3: the old hash columns and head row go; both tables refuse
UPDATE and DELETE on PostgreSQL (security.md, "Logging and audit").

The triggers hold against everyone but the tables' owner (who can disable them) and superusers;
the application's role must be neither and may only INSERT and SELECT (manage.py audit_db_roles,
audit.checks). TRUNCATE needs a privilege that role does not have. SQLite has no such guard:
audit_verify and the checkpoints detect changes there."""

from django.db import migrations, models

FORWARD = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit log is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_link_append_only
    BEFORE UPDATE OR DELETE ON audit_auditlink
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
DROP FUNCTION IF EXISTS audit_entry_refuse_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_link_append_only ON audit_auditlink;
DROP FUNCTION IF EXISTS audit_refuse_change();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0005_keyed_chain_data'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='auditentry',
            name='audit_entry_hash_unique',
        ),
        migrations.RemoveField(
            model_name='auditentry',
            name='hash',
        ),
        migrations.RemoveField(
            model_name='auditentry',
            name='prev_hash',
        ),
        migrations.DeleteModel(
            name='AuditChainHead',
        ),
        migrations.AddConstraint(
            model_name='auditentry',
            constraint=models.UniqueConstraint(fields=('mac',), name='audit_entry_mac_unique'),
        ),
        migrations.RunPython(forward, backward),
    ]
