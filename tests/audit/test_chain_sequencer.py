"""The sequencer chains committed entries in order, one at a time (audit/sequencer.py)."""

from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from audit import sequencer
from audit.chain import entry_mac_of
from audit.keys import current_mac_key
from audit.models import AuditEntry, AuditLink
from audit.sequencer import audit_chain_pending
from tests.audit.chaintools import entries, verify


def _entry(entry_id: int) -> AuditEntry:
    """An entry as audit_record writes it, with an id of the test's choosing."""
    fields = {
        "at": timezone.now(), "user_id": None, "unit_id": None, "role": "nurse", "action": "read",
        "individual_id": entry_id, "object_type": "", "object_id": "", "ground": "relation",
        "outcome": "allowed", "details": {},
    }  # fmt: skip
    key_id, key = current_mac_key()
    return AuditEntry.objects.create(id=entry_id, key_id=key_id, mac=entry_mac_of(key, fields), **fields)


@pytest.mark.django_db
def test_a_round_looks_back_a_window_and_a_full_round_at_everything(monkeypatch) -> None:
    monkeypatch.setattr(sequencer, "LOOKBACK", 10)
    for entry_id in (100, 101, 102):
        _entry(entry_id)
    assert audit_chain_pending() == 3
    late = _entry(50)  # as if its transaction had been open while far later entries were chained
    assert audit_chain_pending() == 0
    assert audit_chain_pending(full=True) == 1
    assert AuditLink.objects.get(entry=late).seq == 4
    assert "4 entries verified" in verify(grace=0)


@pytest.mark.django_db
def test_the_command_chains_once_and_batches_are_continued(monkeypatch) -> None:
    entries(7, chained=False)
    assert audit_chain_pending(batch=3) == 7
    entries(2, chained=False)
    out = StringIO()
    call_command("audit_sequencer", once=True, stdout=out)
    assert "2 entries chained." in out.getvalue()
    assert list(AuditLink.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, 10))
    assert "9 chained, 0 not yet" in verify(grace=0)


def _other_connection() -> psycopg.Connection:
    params = connection.settings_dict
    return psycopg.connect(
        host=params["HOST"] or "127.0.0.1", port=params["PORT"] or 5432, dbname=params["NAME"],
        user=params["USER"], password=params["PASSWORD"] or None,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent writers: PostgreSQL")
def test_an_entry_committed_late_is_chained_after_those_committed_before_it() -> None:
    key_id, key = current_mac_key()
    at = timezone.now()
    fields = ["at", "role", "action", "individual_id", "object_type", "object_id", "ground", "outcome", "details"]
    values = {"at": at, "user_id": None, "unit_id": None, "role": "nurse", "action": "read",
              "individual_id": 7, "object_type": "", "object_id": "", "ground": "relation", "outcome": "allowed",
              "details": {}}  # fmt: skip
    with _other_connection() as other:  # a request whose transaction is still open
        late_id = other.execute(
            f"INSERT INTO audit_auditentry ({', '.join(fields)}, key_id, mac) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '{}', %s, %s) RETURNING id",
            [*(values[name] for name in fields[:-1]), key_id, entry_mac_of(key, values)],
        ).fetchone()[0]
        made = entries(2, chained=False)
        assert late_id < made[0].pk
        assert audit_chain_pending() == 2  # the open one is not seen
        other.commit()
    assert audit_chain_pending() == 1
    order = list(AuditLink.objects.order_by("seq").values_list("entry_id", flat=True))
    assert order == [made[0].pk, made[1].pk, late_id]
    assert "3 entries verified" in verify(grace=0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the advisory lock: PostgreSQL")
def test_one_sequencer_at_a_time() -> None:
    entries(2, chained=False)
    with _other_connection() as other:
        other.execute("SELECT pg_advisory_lock(%s)", [sequencer._LOCK])  # another sequencer is at work
        assert audit_chain_pending() == 0
        other.execute("SELECT pg_advisory_unlock(%s)", [sequencer._LOCK])
    assert audit_chain_pending() == 2
    assert AuditEntry.objects.count() == AuditLink.objects.count() == 2
