"""Helpers for the audit log's tests: chain, verify, tamper."""

from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.db import connection

from audit.models import Action, AuditEntry, Ground
from audit.sequencer import audit_chain_pending
from audit.services import Actor, audit_record

TABLES = ("audit_auditentry", "audit_auditlink")
TRIGGERS = {"audit_auditentry": "audit_entry_append_only", "audit_auditlink": "audit_link_append_only"}


def chain() -> int:
    """What the sequencer would do within a second: chain every committed, unchained entry."""
    return audit_chain_pending(full=True)


def entries(n: int = 5, *, chained: bool = True, **fields: Any) -> list[AuditEntry]:
    actor = Actor(user_id=fields.pop("user_id", None), unit_id=None, role="nurse")
    made = [
        audit_record(
            actor=actor, action=fields.get("action", Action.READ), ground=fields.get("ground", Ground.RELATION),
            individual_id=i, details={"n": i},
        )
        for i in range(1, n + 1)
    ]  # fmt: skip
    if chained:
        chain()
    return made


def verify(**options: Any) -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out, **options)
    return out.getvalue()


def raw(sql: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall() if cursor.description else []


@contextmanager
def as_table_owner() -> Iterator[None]:
    """Someone with the tables' owner rights, who switches PostgreSQL's guard off and on again."""
    if connection.vendor == "postgresql":
        raw("SET CONSTRAINTS ALL IMMEDIATE")
        for table, trigger in TRIGGERS.items():
            raw(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
    try:
        yield
    finally:
        if connection.vendor == "postgresql":
            raw("SET CONSTRAINTS ALL IMMEDIATE")
            for table, trigger in TRIGGERS.items():
                raw(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
