"""Checking the audit log (`manage.py audit_verify`): every entry, every link, every checkpoint.

- Every entry's MAC under the key it names (changed, forged or moved entries).
- Every link's hash over its place, its entry's id and MAC and the link before (audit.chain),
  and that the links run 1, 2, 3, ... each naming the hash of the one before (removed,
  inserted or reordered entries).
- That every entry older than the grace period is chained (a removed link); the newer,
  not-yet-chained tail is covered by the entries' own MACs.
- The chain against every signed checkpoint outside the database (audit.checkpoints): the hash
  at that place must match and the log must not be shorter (rewrites by someone holding the key,
  truncation).

Entries are checked in id ranges and links in seq ranges, each range on its own (from the stored
hash just before it), side by side in forked processes on PostgreSQL; the lowest break wins,
exactly as a single walk would find it.
"""

import json
import multiprocessing
import os
from collections.abc import Generator, Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import F, Max, Min, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from audit.chain import GENESIS, ISO_UTC_SQL, MAC_FIELDS, Keyed, iso_utc
from audit.checkpoints import checkpoints_read
from audit.keys import mac_keys
from audit.models import AuditEntry, AuditLink

CHUNK = 20_000
# Below this many entries one process is quicker than starting several.
PARALLEL_FROM = 200_000
GRACE_SECONDS = 60

# The entry's columns as read for checking: id, the MAC_FIELDS, key_id, mac, then its link's.
ENTRY_COLUMNS = ("id", *MAC_FIELDS, "key_id", "mac")
LINK_COLUMNS = ("seq", "prev_hash", "hash", "key_id")
_DETAILS = ENTRY_COLUMNS.index("details")
_KEY, _MAC = len(MAC_FIELDS) + 1, len(MAC_FIELDS) + 2
assert _DETAILS == _KEY - 1, "check_entries puts the parsed details last"
_ENTRY: tuple[str] = ("entry",)
_EMPTY: dict[str, Any] = {}
loads = json.loads


@dataclass(frozen=True, order=True)
class Break:
    """A problem: ``kind`` orders them (entries before links before checkpoints), then ``place``."""

    kind: int
    place: int
    reason: str = field(compare=False)

    def __str__(self) -> str:
        where = {ENTRY: f"entry {self.place}", LINK: f"link {self.place}", CHECKPOINT: "checkpoint"}[self.kind]
        return f"Audit log broken at {where}: {self.reason}."


ENTRY, LINK, CHECKPOINT = 0, 1, 2


@dataclass
class Result:
    entries: int = 0
    chained: int = 0
    links: int = 0
    checkpoints: int = 0
    broken: Break | None = None


def verify_log(workers: int = 0, *, grace_seconds: int = GRACE_SECONDS, checkpoint_dir: Path | None = None) -> Result:
    cutoff = timezone.now() - timedelta(seconds=grace_seconds)
    entry_ranges = _ranges(AuditEntry.objects.aggregate(low=Min("id"), high=Max("id")), workers)
    link_ranges = _ranges(AuditLink.objects.aggregate(low=Min("seq"), high=Max("seq")), workers)
    tasks = [(ENTRY, low, high, cutoff) for low, high in entry_ranges]
    tasks += [(LINK, low, high, cutoff) for low, high in link_ranges]
    span = sum(high - low + 1 for _kind, low, high, _cutoff in tasks)
    workers = workers or ((os.cpu_count() or 1) if span >= PARALLEL_FROM else 1)
    if workers == 1 or len(tasks) <= 1 or not _can_fork():
        results = [_check(task) for task in tasks]
    else:
        # Forked children must not share the parent's database connection; each opens its own.
        connections.close_all()
        with ProcessPoolExecutor(min(workers, len(tasks)), mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(_check_in_child, tasks))
    result = Result()
    breaks = []
    for kind, count, chained, broken in results:
        if kind == ENTRY:
            result.entries += count
            result.chained += chained
        else:
            result.links += count
        if broken is not None:
            breaks.append(broken)
    first_link = link_ranges[0][0] if link_ranges else 1
    if first_link != 1:
        breaks.append(Break(LINK, 1, f"the links before {first_link} are missing"))
    result.checkpoints, checkpoint_break = _check_checkpoints(checkpoint_dir, result.entries)
    if checkpoint_break is not None:
        breaks.append(checkpoint_break)
    result.broken = min(breaks) if breaks else None
    return result


def _ranges(bounds: dict[str, int | None], workers: int) -> list[tuple[int, int]]:
    low, high = bounds["low"], bounds["high"]
    if low is None or high is None:
        return []
    span = high - low + 1
    parts = workers or ((os.cpu_count() or 1) if span >= PARALLEL_FROM else 1)
    step = -(-span // parts)  # ceiling division
    return [(start, min(start + step - 1, high)) for start in range(low, high + 1, step)]


def _can_fork() -> bool:
    # Other processes see only committed rows: inside a transaction (e.g. a test's) stay in this one.
    return (
        connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and "fork" in multiprocessing.get_all_start_methods()
    )


Task = tuple[int, int, int, datetime]
Outcome = tuple[int, int, int, Break | None]


def _check_in_child(task: Task) -> Outcome:
    try:
        return _check(task)
    finally:
        connections.close_all()


def _check(task: Task) -> Outcome:
    kind, low, high, cutoff = task
    # One transaction: one snapshot, and PostgreSQL's server-side cursor needs no WITH HOLD copy of
    # the whole result. The rows are closed (their cursor too) before it ends, even at a break.
    if kind == ENTRY:
        with transaction.atomic(), closing(_entry_rows(low, high)) as rows:
            keys = {key_id: Keyed(key) for key_id, key in mac_keys().items()}
            # The rows carry the time as iso_utc's text, which compares as the times do.
            return (ENTRY, *check_entries(rows, keys, iso_utc(cutoff)))
    before = AuditLink.objects.filter(seq=low - 1).values_list("hash", flat=True).first()
    with transaction.atomic(), closing(_link_rows(low, high)) as rows:
        count, broken = check_links(rows, low, high, before or GENESIS)
        return LINK, count, 0, broken


def check_entries(
    rows: Iterable[tuple[Any, ...]], keys: dict[str, Keyed], cutoff: str
) -> tuple[int, int, Break | None]:
    """Entries (ENTRY_COLUMNS, then their link's LINK_COLUMNS or Nones), by id:
    (count, chained, first break or None).

    A changed entry is named before a broken link: the walk goes on past a link's break (whose
    cause may be a changed entry further on) and stops at the first entry's."""
    count = chained = 0
    link_break: Break | None = None
    for row in rows:
        count += 1
        entry_id, key_id, mac = row[0], row[_KEY], row[_MAC]
        key = keys.get(key_id)
        if key is None:
            return count, chained, Break(ENTRY, entry_id, f"its MAC key {str(key_id)[:16]!r} is not in AUDIT_LOG_KEYS")
        text = row[_DETAILS]
        if key.entry_text_at(_ENTRY + row[1:_DETAILS] + (_EMPTY if text == "{}" else loads(text),)) != mac:
            return count, chained, Break(ENTRY, entry_id, "content does not match its MAC (changed or forged)")
        seq, prev_hash, digest, link_key_id = row[_MAC + 1 :]
        if seq is None:
            if row[1] < cutoff:
                return count, chained, Break(ENTRY, entry_id, "not chained, though older than the grace period")
            continue
        chained += 1
        if link_break is not None:
            continue
        link_key = keys.get(link_key_id)
        if link_key is None:
            link_break = Break(LINK, seq, f"its MAC key {str(link_key_id)[:16]!r} is not in AUDIT_LOG_KEYS")
        elif link_key.link(seq, entry_id, prev_hash, mac) != digest:
            link_break = Break(LINK, seq, f"does not match entry {entry_id} (changed, forged or moved)")
    return count, chained, link_break


def check_links(rows: Iterable[tuple[Any, ...]], low: int, high: int, prev_hash: str) -> tuple[int, Break | None]:
    """Links (seq, prev_hash, hash, whether its entry exists), by seq, which must run from ``low``
    to ``high``: (count, first break or None)."""
    expected_seq, expected_prev, count = low, prev_hash, 0
    for seq, prev, digest, entry_exists in rows:
        count += 1
        if seq != expected_seq:
            return count, Break(LINK, expected_seq, "missing (links removed)")
        if prev != expected_prev:
            return count, Break(LINK, seq, "previous-hash link broken (a link removed, inserted or reordered)")
        if not entry_exists:
            return count, Break(LINK, seq, "its entry is missing (removed)")
        expected_seq, expected_prev = seq + 1, digest
    if expected_seq <= high:
        return count, Break(LINK, expected_seq, "missing (links removed)")
    return count, None


def _check_checkpoints(directory: Path | None, entries: int) -> tuple[int, Break | None]:
    checkpoints, problems = checkpoints_read(directory)
    if problems:
        return len(checkpoints), Break(CHECKPOINT, 0, problems[0])
    newest = AuditLink.objects.aggregate(newest=Max("seq"))["newest"] or 0
    wanted = {c.seq for c in checkpoints}
    stored: dict[int, str] = {}
    ordered = sorted(wanted)
    for start in range(0, len(ordered), 5_000):
        part = ordered[start : start + 5_000]
        stored.update(AuditLink.objects.filter(seq__in=part).values_list("seq", "hash"))
    for checkpoint in sorted(checkpoints, key=lambda c: c.seq):
        if checkpoint.seq > newest:
            return len(checkpoints), Break(
                CHECKPOINT, checkpoint.seq,
                f"the log is shorter than checkpoint {checkpoint.where} ({checkpoint.at}): it has {newest} links, "
                f"the checkpoint {checkpoint.seq} (entries removed or the chain rewound)",
            )  # fmt: skip
        if stored.get(checkpoint.seq) != checkpoint.hash:
            return len(checkpoints), Break(
                CHECKPOINT, checkpoint.seq,
                f"link {checkpoint.seq} does not match checkpoint {checkpoint.where} ({checkpoint.at}): "
                "the chain was rewritten",
            )  # fmt: skip
        if entries < checkpoint.entries:
            return len(checkpoints), Break(
                CHECKPOINT, checkpoint.seq,
                f"the log has {entries} entries, fewer than the {checkpoint.entries} of checkpoint "
                f"{checkpoint.where} ({checkpoint.at}): entries removed",
            )  # fmt: skip
    return len(checkpoints), None


def _entry_rows(low: int, high: int) -> Generator[tuple[Any, ...]]:
    """Entries with their link's columns, streamed: the time as the text the MAC covers
    (iso_utc) and details as text, parsed by check_entries only when not empty. On PostgreSQL
    the rows are read with plain SQL and the time made text by the database: over millions of
    entries Django's converters and a datetime per entry were half of the time."""
    if connection.vendor == "postgresql":
        yield from _postgresql_entry_rows(low, high)
        return
    with closing(_orm_entry_rows(low, high)) as source:
        for row in source:
            yield (row[0], iso_utc(row[1]), *row[2:])


def _postgresql_entry_rows(low: int, high: int) -> Generator[tuple[Any, ...]]:
    entry, link = AuditEntry._meta.db_table, AuditLink._meta.db_table
    as_text = {"details": "e.details::text", "at": ISO_UTC_SQL.format(column="e.at")}
    columns = ", ".join(
        [as_text.get(name, f"e.{name}") for name in ENTRY_COLUMNS] + [f"l.{name}" for name in LINK_COLUMNS]
    )
    # The range on l.entry_id too: PostgreSQL does not carry e.id's range over the join by itself.
    query = (
        f"SELECT {columns} FROM {entry} e LEFT JOIN {link} l ON l.entry_id = e.id "  # noqa: S608 - names from code
        "AND l.entry_id BETWEEN %s AND %s WHERE e.id BETWEEN %s AND %s ORDER BY e.id"
    )
    with connection.chunked_cursor() as cursor:
        cursor.execute(query, [low, high, low, high])
        while chunk := cursor.fetchmany(CHUNK):
            yield from chunk


def _orm_entry_rows(low: int, high: int) -> Generator[tuple[Any, ...]]:
    fields = [name if name != "details" else "details_text" for name in ENTRY_COLUMNS]
    linked = {f"link_{name}": F(f"link__{name}") for name in LINK_COLUMNS}
    yield from (
        AuditEntry.objects.filter(id__gte=low, id__lte=high)
        .order_by("id")
        .annotate(details_text=Cast("details", TextField()), **linked)
        .values_list(*fields, *linked)
        .iterator(chunk_size=CHUNK)
    )


def _link_rows(low: int, high: int) -> Generator[tuple[Any, ...]]:
    entry, link = AuditEntry._meta.db_table, AuditLink._meta.db_table
    query = (
        f"SELECT l.seq, l.prev_hash, l.hash, e.id IS NOT NULL FROM {link} l "  # noqa: S608 - names from code
        f"LEFT JOIN {entry} e ON e.id = l.entry_id WHERE l.seq BETWEEN %s AND %s ORDER BY l.seq"
    )
    with connection.chunked_cursor() as cursor:
        cursor.execute(query, [low, high])
        while chunk := cursor.fetchmany(CHUNK):
            yield from chunk
