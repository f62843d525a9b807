"""Signed checkpoints of the chain's head, outside the database (audit/checkpoints.py)."""

import base64
import json
import socket
from io import StringIO

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from audit.checkpoints import checkpoint_write
from audit.keys import current_mac_key, mac_keys
from audit.models import AuditEntry, AuditLink
from tests.audit.chaintools import as_table_owner, chain, entries, raw, verify

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return settings.AUDIT_CHECKPOINT_DIR


def _lines(directory) -> list[str]:
    return [line for path in sorted(directory.glob("*.jsonl")) for line in path.read_text().splitlines()]


def test_a_checkpoint_is_one_signed_line_of_the_chains_head(checkpoint_dir) -> None:
    assert checkpoint_write() is None  # nothing chained yet
    entries(3)
    checkpoint_write()
    entries(1)
    checkpoint_write()
    lines = _lines(checkpoint_dir)
    assert len(lines) == 2
    first = json.loads(lines[0])
    head = AuditLink.objects.get(seq=3)
    assert (first["seq"], first["hash"], first["entries"]) == (3, head.hash, 3)
    assert set(first) == {"v", "seq", "hash", "entries", "at", "key", "sig"}
    assert "3 entries verified" not in verify() and "4 entries verified" in verify() and "2 checkpoints" in verify()


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda line: line.replace('"seq":3', '"seq":2'), "bad signature"),
        (lambda line: line[:-20], "cannot be read"),
        (lambda line: line.replace('"key":"', '"key":"0'), "unknown key"),
    ],
    ids=["edited", "cut", "other-key"],
)
def test_an_edited_or_foreign_checkpoint_is_named(checkpoint_dir, change, message) -> None:
    entries(3)
    checkpoint_write()
    (path,) = checkpoint_dir.glob("*.jsonl")
    path.write_text(change(path.read_text().strip()) + "\n")
    with pytest.raises(CommandError, match=f"checkpoint: checkpoint {path.name} line 1 .*{message}"):
        verify()


def test_a_chain_rewritten_with_the_key_is_caught_by_the_checkpoint(tmp_path) -> None:
    """Someone holding AUDIT_LOG_KEYS and the tables' owner rights removes an entry and rebuilds
    every link: only the checkpoint outside the database can tell."""
    made = entries(5)
    checkpoint_write()
    with as_table_owner():
        raw("DELETE FROM audit_auditlink")
        raw("DELETE FROM audit_auditentry WHERE id = %s", [made[1].pk])
    chain()  # the key's holder chains what is left, and adds an entry to make up the length
    entries(1)
    assert AuditLink.objects.count() == 5
    with pytest.raises(CommandError, match="checkpoint: link 5 does not match checkpoint .* the chain was rewritten"):
        verify()
    # Without the checkpoints the rewrite would pass: they are what catches it.
    assert "Audit log intact" in verify(checkpoints=tmp_path / "none")


def test_removed_unchained_entries_the_checkpoint_counted_are_caught() -> None:
    entries(3)
    late = entries(2, chained=False)
    checkpoint_write()  # 3 links, 5 entries
    with as_table_owner():
        for entry in late:
            raw("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    with pytest.raises(CommandError, match="the log has 3 entries, fewer than the 5 of checkpoint"):
        verify()


def test_checkpoints_verify_with_the_public_key_alone(settings) -> None:
    entries(2)
    checkpoint_write()
    out = StringIO()
    call_command("audit_checkpoint", public_key=True, stdout=out)
    public = out.getvalue().strip()
    assert len(base64.b64decode(public)) == 32
    # The verifying host needs no private key: the public one is enough.
    settings.AUDIT_CHECKPOINT_SIGNING_KEY = ""
    settings.AUDIT_CHECKPOINT_PUBLIC_KEYS = [public]
    assert "1 checkpoints" in verify()
    settings.AUDIT_CHECKPOINT_PUBLIC_KEYS = []
    with pytest.raises(CommandError, match="unknown key"):
        verify()
    with pytest.raises(ImproperlyConfigured, match="AUDIT_CHECKPOINT_SIGNING_KEY is required"):
        checkpoint_write()


def test_a_checkpoint_also_goes_to_syslog(settings) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(("127.0.0.1", 0))
        receiver.settimeout(5)
        settings.AUDIT_CHECKPOINT_SYSLOG = True
        settings.AUDIT_CHECKPOINT_SYSLOG_ADDRESS = f"127.0.0.1:{receiver.getsockname()[1]}"
        entries(2)
        written = checkpoint_write()
        message = receiver.recv(65536).decode()
    assert written is not None and "samverkan-audit-checkpoint " in message
    sent = json.loads(message.split("samverkan-audit-checkpoint ", 1)[1].strip("\x00"))
    assert sent["hash"] == written["hash"] and sent["sig"] == written["sig"]


def test_the_periodic_jobs_chain_and_checkpoint(checkpoint_dir) -> None:
    entries(3, chained=False)
    out = StringIO()
    call_command("periodic", only=["audit_chain", "audit_checkpoint"], stdout=out)
    assert "audit_chain: 3 entries chained" in out.getvalue()
    assert "audit_checkpoint: checkpoint at link 3 (3 entries)" in out.getvalue()
    assert len(_lines(checkpoint_dir)) == 1 and AuditLink.objects.count() == 3
    assert AuditEntry.objects.count() == 3


@pytest.mark.parametrize(
    "keys, message",
    [
        (["nocolon" + "s" * 40], "each key is written keyid:secret"),
        (["bad id!:" + "s" * 40], "each key is written keyid:secret"),
        (["k1:short-secret"], "shorter than 32"),
        (["k1:" + "s" * 40, "k1:" + "t" * 40], "appears twice"),
        ([], "empty"),
    ],
)
def test_bad_audit_log_keys_stop_with_a_message_without_the_secret(settings, keys, message) -> None:
    settings.AUDIT_LOG_KEYS = keys
    with pytest.raises(ImproperlyConfigured, match=f"AUDIT_LOG_KEYS.*{message}") as caught:
        current_mac_key()
    assert "sss" not in str(caught.value) and "short-secret" not in str(caught.value)
    with pytest.raises(ImproperlyConfigured):
        mac_keys()


def test_a_signing_key_of_the_wrong_length_is_refused(settings) -> None:
    entries(1)
    settings.AUDIT_CHECKPOINT_SIGNING_KEY = base64.b64encode(b"x" * 16).decode()
    with pytest.raises(ImproperlyConfigured, match="32 bytes"):
        checkpoint_write()
    raw_key = Ed25519PrivateKey.generate().private_bytes_raw()
    settings.AUDIT_CHECKPOINT_SIGNING_KEY = base64.urlsafe_b64encode(raw_key).decode().rstrip("=")
    assert checkpoint_write() is not None
