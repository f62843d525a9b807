"""`check --deploy` (and the sequencer at start) warn when the application's database role could
rewrite the audit log: it owns the log's tables (and so can disable their triggers or TRUNCATE
them), may UPDATE, DELETE or TRUNCATE them, or is a superuser (manage.py audit_db_roles)."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning
from django.db import DatabaseError, connection

from audit.models import AuditEntry, AuditLink

TABLES = (AuditEntry._meta.db_table, AuditLink._meta.db_table)


def role_problems(cursor: Any) -> list[str]:
    """What the connected PostgreSQL role may do to the log that the application's must not."""
    cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
    user, superuser = cursor.fetchone()
    problems = [f"the database role {user} is a superuser"] if superuser else []
    for table in TABLES:
        cursor.execute(
            "SELECT pg_has_role(current_user, c.relowner, 'MEMBER'), has_table_privilege(c.oid, 'UPDATE'), "
            "has_table_privilege(c.oid, 'DELETE'), has_table_privilege(c.oid, 'TRUNCATE') "
            "FROM pg_class c WHERE c.oid = to_regclass(%s)",
            [table],
        )
        row = cursor.fetchone()
        if row is None:
            continue  # not migrated yet
        owns, *rights = row
        if owns and not superuser:
            problems.append(f"the database role {user} owns {table} (or is a member of its owner)")
        allowed = [name for name, right in zip(("UPDATE", "DELETE", "TRUNCATE"), rights, strict=True) if right]
        if allowed and not superuser and not owns:
            problems.append(f"the database role {user} may {', '.join(allowed)} {table}")
    return problems


def role_warnings() -> list[str]:
    if connection.vendor != "postgresql":
        return []
    try:
        with connection.cursor() as cursor:
            return role_problems(cursor)
    except DatabaseError:
        return []  # no database yet: nothing to say about its roles


@register(Tags.security, deploy=True)
def audit_log_roles(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = [
        CheckWarning(
            f"The audit log can be rewritten: {problem}.",
            hint="Run migrations as an owner role and the application as a role with only INSERT and SELECT "
            "on the log: manage.py audit_db_roles (README, Security).",
            id="audit.W001",
        )
        for problem in role_warnings()
    ]
    if not settings.AUDIT_CHECKPOINT_SIGNING_KEY and not settings.AUDIT_CHECKPOINT_PUBLIC_KEYS:
        messages.append(
            CheckWarning(
                "No AUDIT_CHECKPOINT_SIGNING_KEY or AUDIT_CHECKPOINT_PUBLIC_KEYS: audit_verify cannot check the "
                "checkpoints outside the database.",
                id="audit.W002",
            )
        )
    return messages
