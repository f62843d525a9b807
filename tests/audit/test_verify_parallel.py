"""audit_verify checks parts of the log side by side on PostgreSQL, and finds what one walk finds.

The parts are checked by other processes, which see only committed rows: these tests commit
(transaction=True), which a TestCase cannot.
"""

import pytest
from django.core.management import CommandError
from django.db import connection  # noqa: F401 - named by the skipif condition

from audit.management.commands.audit_verify import _can_fork, verify_log
from audit.models import AuditEntry, AuditLink
from tests.audit.chaintools import as_table_owner, entries, raw, verify

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="parallel checking is for PostgreSQL"),
]
COUNT = 60


def _entries() -> list[AuditEntry]:
    return entries(COUNT)


def _tamper(sql: str, params: list) -> None:
    with as_table_owner():
        raw(sql, params)


def _both(workers: int) -> tuple:
    result = verify_log(workers=workers)
    return result.entries, result.chained, result.links, result.broken


def test_parts_side_by_side_count_every_entry() -> None:
    _entries()
    assert _can_fork()  # outside a transaction: other processes see the entries
    assert f"{COUNT} entries verified" in verify(workers=4)
    assert _both(4) == _both(1) == (COUNT, COUNT, COUNT, None)


def test_an_edit_in_a_later_part_is_named() -> None:
    made = _entries()
    edited = made[45]
    _tamper("UPDATE audit_auditentry SET role = %s WHERE id = %s", ["physician", edited.pk])
    with pytest.raises(CommandError, match=f"entry {edited.pk}: content"):
        verify(workers=3)
    assert verify_log(workers=3).broken == verify_log(workers=1).broken


def test_a_removal_at_a_boundary_between_parts_is_named() -> None:
    made = _entries()
    # With 3 parts of 20, the second part of the links starts at 21; remove link 20 and its entry.
    _tamper("DELETE FROM audit_auditlink WHERE seq = 20", [])
    _tamper("DELETE FROM audit_auditentry WHERE id = %s", [made[19].pk])
    with pytest.raises(CommandError, match="link 20: missing"):
        verify(workers=3)
    assert verify_log(workers=3).broken == verify_log(workers=1).broken


def test_a_changed_link_at_a_boundary_is_named() -> None:
    _entries()
    _tamper("UPDATE audit_auditlink SET prev_hash = %s WHERE seq = 21", ["f" * 64])
    with pytest.raises(CommandError, match="link 21"):
        verify(workers=3)
    assert AuditLink.objects.count() == COUNT


def test_the_first_break_wins_when_several_parts_are_broken() -> None:
    made = _entries()
    for entry in (made[50], made[5], made[30]):
        _tamper("UPDATE audit_auditentry SET role = %s WHERE id = %s", ["x", entry.pk])
    broken = verify_log(workers=3).broken
    assert broken is not None and broken.place == made[5].pk
    assert verify_log(workers=1).broken == broken
