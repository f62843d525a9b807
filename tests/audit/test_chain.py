"""The audit log is append-only and tamper-evident (security.md, "Logging and audit")."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.models import Action, AuditEntry, Ground
from audit.services import Actor, audit_record

pytestmark = pytest.mark.django_db


def _entries(n: int = 5) -> list[AuditEntry]:
    actor = Actor(user_id=None, unit_id=None, role="nurse")
    return [
        audit_record(actor=actor, action=Action.READ, ground=Ground.RELATION, individual_id=i, details={"n": i})
        for i in range(1, n + 1)
    ]


def _verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def test_each_entry_links_to_the_one_before() -> None:
    entries = _entries()
    assert entries[0].prev_hash == "0" * 64
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.hash
    assert "5 entries verified" in _verify()


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def tamperer():
    """Someone with the table owner's rights, who can switch the PostgreSQL guard off."""
    if connection.vendor == "postgresql":
        _raw("SET CONSTRAINTS ALL IMMEDIATE", [])
        _raw("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only", [])
    yield
    if connection.vendor == "postgresql":
        _raw("SET CONSTRAINTS ALL IMMEDIATE", [])
        _raw("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only", [])


def test_a_list_read_names_the_listed_and_continues_the_chain() -> None:
    from audit.services import audit_list_read

    before = _entries(2)
    actor = Actor(user_id=None, unit_id=None, role="nurse")
    listed = audit_list_read(actor=actor, ground=Ground.RELATION, individual_ids=[7, 8, 9], object_type="x.y")
    assert audit_list_read(actor=actor, ground=Ground.RELATION, individual_ids=[], object_type="x.y") is None
    after = _entries(1)
    assert listed is not None and listed.prev_hash == before[-1].hash and after[0].prev_hash == listed.hash
    assert listed.details == {"listed": {"7": True, "8": True, "9": True}} and listed.individual_id is None
    assert "4 entries verified" in _verify()


def test_verify_names_an_edited_entry(tamperer) -> None:
    entries = _entries()
    _raw("UPDATE audit_auditentry SET role = %s WHERE id = %s", ["physician", entries[2].pk])
    with pytest.raises(CommandError, match=f"entry {entries[2].pk}: content"):
        _verify()


def test_verify_names_the_entry_after_a_removed_one(tamperer) -> None:
    entries = _entries()
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    with pytest.raises(CommandError, match=f"entry {entries[2].pk}: previous-hash link"):
        _verify()


def test_verify_notices_removed_newest_entries(tamperer) -> None:
    entries = _entries()
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [entries[-1].pk])
    with pytest.raises(CommandError, match="at the end"):
        _verify()


def test_verify_notices_reordered_entries(tamperer) -> None:
    entries = _entries()
    a, b = entries[1], entries[2]
    # Swap the content of two entries (as if reordered), keeping ids.
    for target, source in ((a.pk, b), (b.pk, a)):
        _raw(
            "UPDATE audit_auditentry SET individual_id = %s, details = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [
                source.individual_id,
                f'{{"n": {source.details["n"]}}}',
                source.prev_hash,
                "f" * 64 if target == a.pk else "e" * 64,
                target,
            ],
        )
    with pytest.raises(CommandError, match=f"entry {a.pk}"):
        _verify()


@pytest.mark.parametrize(
    "sql", ["UPDATE audit_auditentry SET role = 'x' WHERE id = %s", "DELETE FROM audit_auditentry WHERE id = %s"]
)
def test_postgresql_refuses_update_and_delete(sql: str) -> None:
    if connection.vendor != "postgresql":
        # SQLite has no such guard (audit_verify finds the edit, tests above): prove the trigger is PG-only.
        assert not _sqlite_has_trigger()
        return
    entry = _entries(1)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _raw(sql, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, role="nurse").exists()


def _sqlite_has_trigger() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
        return cursor.fetchone()[0] > 0
