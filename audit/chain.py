"""The keyed chain of the audit log: how entries and links are MACed (audit.verify checks them).

An entry carries an HMAC-SHA256 of its own fields under a key from the environment (audit.keys),
written with the entry in the request, without a lock. The sequencer (audit.sequencer) then
chains committed entries in order: link ``seq`` names one entry and holds
HMAC(key, seq, entry id, the previous link's hash, the entry's MAC). Without the key nobody can
forge, recompute or reorder either; checkpoints outside the database (audit.checkpoints) catch a
rewrite of the chain by someone who holds the key.
"""

import hmac
import json
from collections.abc import Sequence
from datetime import UTC
from typing import Any

GENESIS = "0" * 64

# The entry's fields its MAC covers, in this order. Every other stored column (id, key_id, mac)
# is covered by the link (id) or checked by the MAC itself: tests/audit/test_chain_columns.py
# edits each column and fails when one is added that nothing covers.
MAC_FIELDS = (
    "at", "user_id", "unit_id", "role", "action", "individual_id",
    "object_type", "object_id", "ground", "outcome", "details",
)  # fmt: skip

# json.dumps with these arguments, built once: the log is MACed millions of times by audit_verify.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def entry_mac(key: bytes, values: Sequence[Any]) -> str:
    """The MAC of an entry whose MAC_FIELDS values are ``values`` (in that order)."""
    canonical = _CANONICAL.encode(["entry", values[0].astimezone(UTC).isoformat(timespec="microseconds"), *values[1:]])
    return hmac.digest(key, canonical.encode("ascii"), "sha256").hex()


def entry_mac_of(key: bytes, fields: dict[str, Any]) -> str:
    return entry_mac(key, [fields[name] for name in MAC_FIELDS])


def link_hash(key: bytes, seq: int, entry_id: int, prev_hash: str, mac: str) -> str:
    """The hash of link ``seq``: it binds its place, its entry (id and MAC) and the link before."""
    return hmac.digest(key, f"link:{seq}:{entry_id}:{prev_hash}:{mac}".encode(), "sha256").hex()
