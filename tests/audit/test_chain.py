"""The audit log is MACed, chained off the request's path, and every attack of issue 7 §4 is caught
(on SQLite and PostgreSQL; the PostgreSQL roles are in test_chain_roles.py)."""

import hashlib

import pytest
from django.core.management import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from audit.chain import GENESIS, MAC_FIELDS, entry_mac
from audit.checkpoints import checkpoint_write
from audit.models import Action, AuditEntry, AuditLink, Ground
from audit.services import Actor, audit_list_read, audit_record
from tests.audit.chaintools import as_table_owner, chain, entries, raw, verify

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return settings.AUDIT_CHECKPOINT_DIR


def test_a_request_writes_one_insert_and_the_sequencer_chains_in_id_order() -> None:
    actor = Actor(user_id=None, unit_id=None, role="nurse")
    with CaptureQueriesContext(connection) as queries:
        entry = audit_record(actor=actor, action=Action.READ, ground=Ground.RELATION, individual_id=1)
    # No lock, no head row: one INSERT of the entry with its own MAC (inside the test's transaction
    # it is wrapped in a savepoint, see audit_record; a request's read runs in autocommit without).
    statements = [q["sql"].split()[:3] for q in queries.captured_queries]
    assert [s for s in statements if s[0] not in {"SAVEPOINT", "RELEASE"}] == [["INSERT", "INTO", '"audit_auditentry"']]
    assert entry.key_id == "dev" and len(entry.mac) == 64
    assert not AuditLink.objects.exists()
    made = [entry, *entries(4, chained=False)]
    assert chain() == 5 and chain() == 0
    links = list(AuditLink.objects.order_by("seq"))
    assert [link.seq for link in links] == [1, 2, 3, 4, 5]
    assert [link.entry_id for link in links] == [e.pk for e in made]
    assert links[0].prev_hash == GENESIS
    assert all(after.prev_hash == before.hash for before, after in zip(links, links[1:], strict=False))
    assert "5 entries verified" in verify() and "5 chained" in verify()


def test_the_unchained_tail_verifies_by_its_own_macs() -> None:
    made = entries(3, chained=False)
    assert "3 entries verified" in verify() and "0 chained, 3 not yet" in verify()
    with as_table_owner():
        raw("UPDATE audit_auditentry SET role = 'physician' WHERE id = %s", [made[1].pk])
    with pytest.raises(CommandError, match=f"entry {made[1].pk}: content does not match its MAC"):
        verify()


def test_a_list_read_names_the_listed_and_is_chained() -> None:
    actor = Actor(user_id=None, unit_id=None, role="nurse")
    listed = audit_list_read(actor=actor, ground=Ground.RELATION, individual_ids=[7, 8, 9], object_type="x.y")
    assert audit_list_read(actor=actor, ground=Ground.RELATION, individual_ids=[], object_type="x.y") is None
    chain()
    assert listed is not None and listed.details == {"listed": {"7": True, "8": True, "9": True}}
    assert listed.individual_id is None and AuditLink.objects.get(entry=listed).seq == 1
    assert "1 entries verified" in verify()


def test_an_entry_cannot_be_inserted_twice() -> None:
    entry = entries(1)[0]
    copy = {f.attname: getattr(entry, f.attname) for f in AuditEntry._meta.concrete_fields if f.attname != "id"}
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.create(**copy)


# --- The attacks of issue 7 §4, each caught --------------------------------------------------


def test_deleting_the_newest_entries_is_caught_by_the_checkpoint() -> None:
    """On PostgreSQL as the tables' owner: DISABLE TRIGGER, delete, ENABLE TRIGGER."""
    made = entries(5)
    checkpoint_write()
    with as_table_owner():
        for entry in made[-2:]:
            raw("DELETE FROM audit_auditlink WHERE entry_id = %s", [entry.pk])
            raw("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    with pytest.raises(CommandError, match="checkpoint: the log is shorter than checkpoint .* it has 3 links"):
        verify()


def test_emptying_the_log_is_caught_by_the_checkpoint() -> None:
    """TRUNCATE on PostgreSQL (the owner may; the application's role may not, test_chain_roles.py)."""
    entries(4)
    checkpoint_write()
    with as_table_owner():
        if connection.vendor == "postgresql":
            raw("TRUNCATE audit_auditlink, audit_auditentry CASCADE")
        else:
            raw("DELETE FROM audit_auditlink")
            raw("DELETE FROM audit_auditentry")
    with pytest.raises(CommandError, match="the log is shorter than checkpoint"):
        verify()


def _sha256_link(seq: int, entry_id: int, prev_hash: str, mac: str) -> str:
    return hashlib.sha256(f"link:{seq}:{entry_id}:{prev_hash}:{mac}".encode()).hexdigest()


def _wrong_key_link(seq: int, entry_id: int, prev_hash: str, mac: str) -> str:
    import hmac

    return hmac.digest(b"w" * 40, f"link:{seq}:{entry_id}:{prev_hash}:{mac}".encode(), "sha256").hex()


def _rebuild_links(compute) -> None:
    """Throw the links away and chain what is left again, without the key."""
    raw("DELETE FROM audit_auditlink")
    prev = GENESIS
    for seq, (entry_id, mac) in enumerate(AuditEntry.objects.order_by("id").values_list("id", "mac"), 1):
        digest = compute(seq, entry_id, prev, mac)
        raw("INSERT INTO audit_auditlink (seq, entry_id, prev_hash, hash, key_id) VALUES (%s, %s, %s, %s, 'dev')",
            [seq, entry_id, prev, digest])  # fmt: skip
        prev = digest


@pytest.mark.parametrize("compute", [_sha256_link, _wrong_key_link], ids=["sha256", "wrong-key"])
def test_deleting_emergency_entries_and_rechaining_without_the_key_is_caught(compute) -> None:
    entries(3)
    emergency = entries(3, action=Action.EMERGENCY_ACCESS, ground=Ground.EMERGENCY)
    entries(3)
    with as_table_owner():
        raw("DELETE FROM audit_auditlink")
        for entry in emergency:
            raw("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
        _rebuild_links(compute)
    with pytest.raises(CommandError, match="link 1: does not match entry"):
        verify()


@pytest.mark.parametrize("key", [None, b"w" * 40], ids=["sha256", "wrong-key"])
def test_moving_entries_to_another_user_and_recomputing_without_the_key_is_caught(key, django_user_model) -> None:
    made = entries(6)
    other = django_user_model.objects.create(username="someone.else")
    with as_table_owner():
        for entry in made[2:4]:
            entry.user_id = other.pk
            values = [getattr(entry, name) for name in MAC_FIELDS]
            mac = entry_mac(key, values) if key else hashlib.sha256(repr(values).encode()).hexdigest()
            raw("UPDATE audit_auditentry SET user_id = %s, mac = %s WHERE id = %s", [other.pk, mac, entry.pk])
        _rebuild_links(_sha256_link)
    with pytest.raises(CommandError, match=f"entry {made[2].pk}: content does not match its MAC"):
        verify()


def test_a_forged_insert_without_the_key_is_caught() -> None:
    made = entries(2)
    forged = AuditEntry.objects.create(
        at=made[-1].at, role="nurse", action=Action.READ, ground=Ground.RELATION, individual_id=99,
        key_id="dev", mac=hashlib.sha256(b"forged").hexdigest(),
    )  # fmt: skip
    with pytest.raises(CommandError, match=f"entry {forged.pk}: content does not match its MAC"):
        verify()
    # Chaining it (the sequencer has the key) does not make it pass.
    chain()
    with pytest.raises(CommandError, match=f"entry {forged.pk}: content does not match its MAC"):
        verify()


def test_a_removed_link_is_caught_in_the_middle_and_after_the_grace_period_at_the_end() -> None:
    made = entries(5)
    with as_table_owner():
        raw("DELETE FROM audit_auditlink WHERE seq = 5")
    assert "4 chained, 1 not yet" in verify()  # within the grace period: the entry's MAC covers it
    with pytest.raises(CommandError, match=f"entry {made[4].pk}: not chained, though older than the grace period"):
        verify(grace=0)
    with as_table_owner():
        raw("DELETE FROM audit_auditlink WHERE seq = 2")
    with pytest.raises(CommandError, match="link 2: missing"):
        verify()


def test_reordering_entries_in_the_chain_is_caught() -> None:
    made = entries(4)
    with as_table_owner():
        links = list(AuditLink.objects.filter(seq__in=[2, 3]).order_by("seq").values_list())
        raw("DELETE FROM audit_auditlink WHERE seq IN (2, 3)")
        # The same links, their entries swapped.
        for (seq, _entry, prev, digest, key_id), entry in zip(links, [made[2], made[1]], strict=True):
            raw("INSERT INTO audit_auditlink (seq, entry_id, prev_hash, hash, key_id) VALUES (%s, %s, %s, %s, %s)",
                [seq, entry.pk, prev, digest, key_id])  # fmt: skip
    with pytest.raises(CommandError, match=f"link 3: does not match entry {made[1].pk}"):
        verify()


def test_rotation_old_entries_verify_with_their_key_id(settings) -> None:
    old = entries(2)
    settings.AUDIT_LOG_KEYS = ["k2:" + "n" * 40, *settings.AUDIT_LOG_KEYS]
    new = entries(2)
    assert {e.key_id for e in old} == {"dev"} and {e.key_id for e in new} == {"k2"}
    assert AuditLink.objects.get(entry=new[0]).key_id == "k2"
    assert "4 entries verified" in verify()
    settings.AUDIT_LOG_KEYS = ["k2:" + "n" * 40]  # the old key dropped too early
    with pytest.raises(CommandError, match=f"entry {old[0].pk}: its MAC key 'dev' is not in AUDIT_LOG_KEYS"):
        verify()


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's triggers")
@pytest.mark.parametrize("table", ["audit_auditentry", "audit_auditlink"])
@pytest.mark.parametrize("statement", ["UPDATE {table} SET key_id = 'x'", "DELETE FROM {table}"])
def test_postgresql_refuses_update_and_delete_even_to_the_owner(table: str, statement: str) -> None:
    entries(2)
    with pytest.raises(DatabaseError, match=f"append-only: (UPDATE|DELETE) refused on {table}"), transaction.atomic():
        raw(statement.format(table=table))
    assert AuditEntry.objects.filter(key_id="dev").count() == 2 and AuditLink.objects.count() == 2


@pytest.mark.parametrize(
    "details",
    [{}, {"listed": {str(i): True for i in range(30)}}, {"b": 1.5, "a": [1, None, 'ö\n"x"'], "é": {"z": False}}],
)
def test_the_fast_canonical_text_is_json_dumps_sorted_and_compact(details) -> None:
    """audit.chain's C encoder made once gives exactly what json.dumps gives (the MAC depends on it)."""
    import json

    from audit.chain import canonical

    values = ("entry", "2026-12-02T06:25:12.123456+00:00", 1, None, "nurse", "read", 7, "", "", "relation", "allowed")
    values += (details,)
    assert canonical(values) == json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
