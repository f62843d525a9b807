"""Signed checkpoints of the chain's head, kept outside the database.

`manage.py audit_checkpoint` (and the periodic job audit_checkpoint) appends one JSON line per
run: the newest link's seq and hash, the number of entries, the time, signed with Ed25519
(AUDIT_CHECKPOINT_SIGNING_KEY), to a file in AUDIT_CHECKPOINT_DIR (one file per UTC day; meant
for append-only or WORM storage the database's users cannot reach) and, with
AUDIT_CHECKPOINT_SYSLOG=1, to syslog. audit_verify checks the chain against every checkpoint:
a rewrite or truncation of anything up to the newest checkpoint is caught, even by someone who
holds AUDIT_LOG_KEYS, as long as the checkpoints themselves cannot be rewritten.
"""

import base64
import json
import logging
import logging.handlers
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from django.conf import settings

from audit.keys import checkpoint_public_keys, checkpoint_signing_key, public_key_id
from audit.models import AuditEntry, AuditLink

FILE_PATTERN = "checkpoints-*.jsonl"
_SIGNED = ("v", "seq", "hash", "entries", "at", "key")


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    entries: int
    at: str
    where: str  # file and line, for messages


def _payload(body: dict[str, Any]) -> bytes:
    return json.dumps({name: body[name] for name in _SIGNED}, sort_keys=True, separators=(",", ":")).encode()


def checkpoint_write(now: datetime | None = None) -> dict[str, Any] | None:
    """Append a signed checkpoint of the chain's head; None when nothing is chained yet."""
    head = AuditLink.objects.order_by("-seq").values_list("seq", "hash").first()
    if head is None:
        return None
    signing = checkpoint_signing_key()
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    body: dict[str, Any] = {
        "v": 1,
        "seq": head[0],
        "hash": head[1],
        "entries": AuditEntry.objects.count(),
        "at": moment.isoformat(timespec="seconds"),
        "key": public_key_id(signing.public_key()),
    }
    body["sig"] = base64.b64encode(signing.sign(_payload(body))).decode("ascii")
    line = json.dumps(body, sort_keys=True, separators=(",", ":"))
    directory = Path(settings.AUDIT_CHECKPOINT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"checkpoints-{moment:%Y-%m-%d}.jsonl"
    # Append only, and on disk before the job reports success.
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, (line + "\n").encode("ascii"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    if settings.AUDIT_CHECKPOINT_SYSLOG:
        _to_syslog(line)
    return body


def _to_syslog(line: str) -> None:
    address: str | tuple[str, int] = settings.AUDIT_CHECKPOINT_SYSLOG_ADDRESS
    host, _colon, port = str(address).rpartition(":")
    if host and port.isdigit():
        address = (host, int(port))  # host:port is UDP; anything else a unix socket path
    handler = logging.handlers.SysLogHandler(address=address, facility=logging.handlers.SysLogHandler.LOG_AUTHPRIV)
    try:
        handler.emit(logging.LogRecord("samverkan.audit.checkpoint", logging.INFO, __file__, 0,
                                       "samverkan-audit-checkpoint %s", (line,), None))  # fmt: skip
    finally:
        handler.close()


def checkpoints_read(directory: Path | None = None) -> tuple[list[Checkpoint], list[str]]:
    """(valid checkpoints, problems): a line that does not parse or whose signature fails is a problem."""
    keys = checkpoint_public_keys()
    found: list[Checkpoint] = []
    problems: list[str] = []
    folder = Path(directory or settings.AUDIT_CHECKPOINT_DIR)
    for path in sorted(folder.glob(FILE_PATTERN)) if folder.is_dir() else []:
        for number, text in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if not text.strip():
                continue
            where = f"{path.name} line {number}"
            try:
                body = json.loads(text)
                key = keys.get(body["key"])
                if key is None:
                    problems.append(f"checkpoint {where} is signed with an unknown key {str(body['key'])[:16]!r}")
                    continue
                key.verify(base64.b64decode(body["sig"], validate=True), _payload(body))
                found.append(
                    Checkpoint(int(body["seq"]), str(body["hash"]), int(body["entries"]), str(body["at"]), where)
                )
            except InvalidSignature:
                problems.append(f"checkpoint {where} has a bad signature")
            except (ValueError, KeyError, TypeError, AttributeError):
                problems.append(f"checkpoint {where} cannot be read")
    return found, problems
