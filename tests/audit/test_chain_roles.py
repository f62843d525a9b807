"""PostgreSQL roles: migrations as the owner, the application as a role that may only INSERT and
SELECT on the log (manage.py audit_db_roles). Connected as that role, every attack is refused;
`check --deploy` warns when the application's role could rewrite the log.

These tests create roles (cluster-wide, so they commit: transaction=True) with unique names and
drop them afterwards."""

import secrets
from collections.abc import Iterator
from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.checks import audit_log_roles, role_problems
from audit.models import AuditEntry, AuditLink
from tests.audit.chaintools import entries, raw, verify

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's roles"),
]


def _connect(role: str, password: str) -> psycopg.Connection:
    params = connection.settings_dict
    return psycopg.connect(
        host=params["HOST"] or "127.0.0.1", port=params["PORT"] or 5432, dbname=params["NAME"],
        user=role, password=password, autocommit=True,
    )  # fmt: skip


@pytest.fixture
def app_role() -> Iterator[tuple[str, str]]:
    name, password = f"samverkan_app_{secrets.token_hex(4)}", secrets.token_urlsafe(16)
    raw(f"CREATE ROLE {name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %s", [password])
    try:
        yield name, password
    finally:
        raw(f"DROP OWNED BY {name}")
        raw(f"DROP ROLE {name}")


def _owner() -> str:
    return raw("SELECT current_user")[0][0]


ATTACKS = [
    "UPDATE audit_auditentry SET role = 'x'",
    "DELETE FROM audit_auditentry",
    "TRUNCATE audit_auditentry CASCADE",
    "UPDATE audit_auditlink SET hash = 'x'",
    "DELETE FROM audit_auditlink",
    "TRUNCATE audit_auditlink",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only",
    "ALTER TABLE audit_auditlink DISABLE TRIGGER audit_link_append_only",
    "DROP TRIGGER audit_entry_append_only ON audit_auditentry",
    "DROP TRIGGER audit_link_append_only ON audit_auditlink",
    "ALTER TABLE audit_auditentry OWNER TO CURRENT_USER",
    "DROP TABLE audit_auditlink",
    "SET session_replication_role = replica",
    "CREATE TABLE audit_shadow (id int)",
]


def test_the_application_role_may_only_insert_and_select_on_the_log(app_role) -> None:
    app, password = app_role
    made = entries(3)
    out = StringIO()
    call_command("audit_db_roles", owner=_owner(), app=app, execute=True, stdout=out)
    assert "may only INSERT and SELECT" in out.getvalue()
    with _connect(app, password) as conn:
        # What the application does: read the log, write an entry, chain it.
        assert conn.execute("SELECT count(*) FROM audit_auditentry").fetchone()[0] == 3
        conn.execute(
            "INSERT INTO audit_auditentry (at, role, action, individual_id, object_type, object_id, ground, "
            "outcome, details, key_id, mac) VALUES (now(), 'nurse', 'read', 1, '', '', 'relation', 'allowed', "
            "'{}', 'dev', %s)",
            ["f" * 64],
        )
        assert conn.execute("SELECT count(*) FROM audit_auditlink").fetchone()[0] == 3
        refused = []
        for attack in [*ATTACKS, f"SET ROLE {_owner()}"]:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(attack)
            refused.append(attack)
        assert refused and role_problems(conn.cursor()) == []
    assert AuditEntry.objects.count() == 4 and AuditLink.objects.count() == 3
    assert list(AuditEntry.objects.filter(pk__in=[e.pk for e in made]).values_list("role", flat=True)) == ["nurse"] * 3
    # The one write the role may make without the key, a forged entry, is caught.
    forged = AuditEntry.objects.get(mac="f" * 64)
    with pytest.raises(CommandError, match=f"entry {forged.pk}: content does not match its MAC"):
        verify()


def test_a_forged_link_inserted_by_the_application_role_is_caught(app_role) -> None:
    app, password = app_role
    made = entries(2, chained=False)
    call_command("audit_db_roles", owner=_owner(), app=app, execute=True, stdout=StringIO())
    with _connect(app, password) as conn:
        conn.execute(
            "INSERT INTO audit_auditlink (seq, entry_id, prev_hash, hash, key_id) VALUES (1, %s, %s, %s, 'dev')",
            [made[0].pk, "0" * 64, "a" * 64],
        )
    with pytest.raises(CommandError, match=f"link 1: does not match entry {made[0].pk}"):
        verify()


def test_check_deploy_warns_when_the_application_role_owns_the_log(app_role) -> None:
    app, password = app_role
    # As the superuser the tests connect as: warned.
    warnings = audit_log_roles()
    assert [w.id for w in warnings] == ["audit.W001"] and "superuser" in warnings[0].msg
    # As a role that owns the log (what running migrate as the application's role produces): warned.
    for table in ("audit_auditentry", "audit_auditlink"):
        raw(f"ALTER TABLE {table} OWNER TO {app}")
    try:
        with _connect(app, password) as conn:
            problems = role_problems(conn.cursor())
    finally:
        for table in ("audit_auditentry", "audit_auditlink"):
            raw(f"ALTER TABLE {table} OWNER TO {_owner()}")
    assert problems == [f"the database role {app} owns audit_auditentry (or is a member of its owner)",
                        f"the database role {app} owns audit_auditlink (or is a member of its owner)"]  # fmt: skip
    # A role given UPDATE and DELETE on the log (grants by hand): warned.
    raw(f'GRANT CONNECT ON DATABASE "{connection.settings_dict["NAME"]}" TO {app}')
    raw(f"GRANT UPDATE, DELETE ON audit_auditlink TO {app}")
    with _connect(app, password) as conn:
        assert role_problems(conn.cursor()) == [f"the database role {app} may UPDATE, DELETE audit_auditlink"]


def test_the_command_refuses_unsafe_roles_and_bad_names(app_role) -> None:
    app, _password = app_role
    with pytest.raises(CommandError, match="must not be the owner"):
        call_command("audit_db_roles", owner=app, app=app, stdout=StringIO())
    with pytest.raises(CommandError, match="lower-case letters"):
        call_command("audit_db_roles", owner=_owner(), app='x"; DROP TABLE audit_auditentry; --', stdout=StringIO())
    with pytest.raises(CommandError, match="is a superuser"):
        call_command("audit_db_roles", owner=app, app=_owner(), execute=True, stdout=StringIO())
    raw(f"GRANT {_owner()} TO {app}")
    try:
        with pytest.raises(CommandError, match=f"role {app} is a member of"):
            call_command("audit_db_roles", owner=_owner(), app=app, execute=True, stdout=StringIO())
    finally:
        raw(f"REVOKE {_owner()} FROM {app}")
    printed = StringIO()
    call_command("audit_db_roles", owner=_owner(), app=app, stdout=printed)
    assert f'GRANT SELECT, INSERT ON audit_auditentry, audit_auditlink TO "{app}";' in printed.getvalue()
