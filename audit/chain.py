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
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]
from typing import Any

try:
    from _hashlib import hmac_new as _openssl_hmac_new

    _hmac_new: Callable[..., Any] = _openssl_hmac_new
except ImportError:  # a Python without OpenSSL's hashlib
    _hmac_new = hmac.new

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
# The same encoder's C part, made once instead of at every call as JSONEncoder.encode does (a
# fifth of audit_verify's time); tests/audit/test_chain.py checks both give the same text.
_C_ENCODER = (
    None
    if c_make_encoder is None
    else c_make_encoder(None, _CANONICAL.default, encode_basestring_ascii, None, ":", ",", True, False, True)
)


def canonical(values: tuple[Any, ...]) -> str:
    if _C_ENCODER is None:
        return _CANONICAL.encode(values)
    return "".join(_C_ENCODER(values, 0))


def iso_utc(moment: datetime) -> str:
    """An entry's time as its MAC covers it: 2026-12-02T06:25:12.123456+00:00."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


# The same text, made by PostgreSQL (audit_verify reads it so, sparing a datetime per entry).
ISO_UTC_SQL = """to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')"""


class Keyed:
    """HMAC-SHA256 under one key, with the key's schedule computed once and copied for each
    message (a fifth less time than hmac.digest over the millions of audit_verify)."""

    __slots__ = ("_base",)

    def __init__(self, key: bytes) -> None:
        # OpenSSL's HMAC object itself when there is one: its copy() is a C call, not Python's.
        self._base = _hmac_new(key, digestmod="sha256")

    def _hex(self, message: bytes) -> str:
        mac = self._base.copy()
        mac.update(message)
        return mac.hexdigest()

    def entry(self, values: Sequence[Any]) -> str:
        """The MAC of an entry whose MAC_FIELDS values are ``values`` (in that order)."""
        return self.entry_text_at(("entry", iso_utc(values[0]), *values[1:]))

    def entry_text_at(self, values: tuple[Any, ...]) -> str:
        """The same, from ("entry", the time as iso_utc's text, the other MAC_FIELDS values):
        audit_verify builds this tuple itself, sparing a list and a datetime per entry."""
        return self._hex(canonical(values).encode("ascii"))

    def link(self, seq: int, entry_id: int, prev_hash: str, mac: str) -> str:
        """The hash of link ``seq``: it binds its place, its entry (id and MAC) and the link before."""
        return self._hex(f"link:{seq}:{entry_id}:{prev_hash}:{mac}".encode())


@lru_cache(maxsize=8)
def keyed(key: bytes) -> Keyed:
    return Keyed(key)


def entry_mac(key: bytes, values: Sequence[Any]) -> str:
    return keyed(key).entry(values)


def entry_mac_of(key: bytes, fields: dict[str, Any]) -> str:
    return keyed(key).entry([fields[name] for name in MAC_FIELDS])


def link_hash(key: bytes, seq: int, entry_id: int, prev_hash: str, mac: str) -> str:
    return keyed(key).link(seq, entry_id, prev_hash, mac)
