"""audit_verify checks parts of the log side by side on PostgreSQL, and finds what one walk finds.

The parts are checked by other processes, which see only committed rows: these tests commit
(transaction=True), which a TestCase cannot.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.management.commands.audit_verify import _can_fork, verify_log
from audit.models import Action, AuditEntry, Ground
from audit.services import Actor, audit_record

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="parallel checking is for PostgreSQL"),
]
COUNT = 60


def _entries() -> list[AuditEntry]:
    actor = Actor(user_id=None, unit_id=None, role="nurse")
    return [
        audit_record(actor=actor, action=Action.READ, ground=Ground.RELATION, individual_id=i, details={"n": i})
        for i in range(1, COUNT + 1)
    ]


def _verify(workers: int) -> str:
    out = StringIO()
    call_command("audit_verify", workers=workers, stdout=out)
    return out.getvalue()


def _tamper(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")


def test_parts_side_by_side_count_every_entry() -> None:
    _entries()
    assert _can_fork()  # outside a transaction: other processes see the entries
    assert f"{COUNT} entries verified" in _verify(workers=4)
    assert verify_log(workers=4) == verify_log(workers=1) == (COUNT, None)


def test_an_edit_in_a_later_part_is_named() -> None:
    entries = _entries()
    edited = entries[45]
    _tamper("UPDATE audit_auditentry SET role = %s WHERE id = %s", ["physician", edited.pk])
    with pytest.raises(CommandError, match=f"entry {edited.pk}: content"):
        _verify(workers=3)
    assert verify_log(workers=3)[1] == verify_log(workers=1)[1]


def test_a_removal_at_a_boundary_between_parts_is_named() -> None:
    entries = _entries()
    # With 3 parts of 20, the second part starts at entries[20]; remove the entry before it.
    _tamper("DELETE FROM audit_auditentry WHERE id = %s", [entries[19].pk])
    with pytest.raises(CommandError, match=f"entry {entries[20].pk}: previous-hash link"):
        _verify(workers=3)


def test_the_first_break_wins_when_several_parts_are_broken() -> None:
    entries = _entries()
    for entry in (entries[50], entries[5], entries[30]):
        _tamper("UPDATE audit_auditentry SET role = %s WHERE id = %s", ["x", entry.pk])
    broken = verify_log(workers=3)[1]
    assert broken is not None and broken.entry_id == entries[5].pk
    assert verify_log(workers=1)[1] == broken
