"""The hash chain of the audit log: how an entry's hash is computed and how the chain is checked."""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


# json.dumps with these arguments, built once: the log is hashed millions of times by audit_verify.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    at: datetime = fields["at"]
    canonical = _CANONICAL.encode(
        [
            prev_hash,
            at.astimezone(UTC).isoformat(timespec="microseconds"),
            fields["user_id"],
            fields["unit_id"],
            fields["role"],
            fields["action"],
            fields["individual_id"],
            fields["object_type"],
            fields["object_id"],
            fields["ground"],
            fields["outcome"],
            fields["details"],
        ]
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


HASHED_FIELDS = (
    "id", "at", "user_id", "unit_id", "role", "action", "individual_id",
    "object_type", "object_id", "ground", "outcome", "details", "prev_hash", "hash",
)  # fmt: skip


@dataclass
class Break:
    entry_id: int
    reason: str


def first_break(rows: Iterator[tuple], prev_hash: str = GENESIS) -> tuple[int, Break | None]:
    """Walk rows (HASHED_FIELDS order, by id) and return (count, first broken entry or None).

    ``prev_hash`` is the stored hash of the entry before the first row (GENESIS at the start of
    the log): each entry is checked against its own content and its predecessor's stored hash only,
    so a part of the log can be checked on its own, given the hash just before it.
    """
    expected_prev = prev_hash
    count = 0
    for row in rows:
        fields = dict(zip(HASHED_FIELDS, row, strict=True))
        count += 1
        if fields["prev_hash"] != expected_prev:
            return count, Break(fields["id"], "previous-hash link broken (an entry removed, inserted or reordered)")
        if entry_hash(fields["prev_hash"], fields) != fields["hash"]:
            return count, Break(fields["id"], "content does not match its hash (the entry was changed)")
        expected_prev = fields["hash"]
    return count, None
