"""The PostgreSQL roles that keep the audit log append-only (README, "Security").

Migrations run as an owner role; the application connects as another role that may only INSERT
and SELECT on the log's tables: it cannot UPDATE, DELETE or TRUNCATE them, nor disable or drop
their triggers (only the owner can), nor change session_replication_role (only a superuser can).
`manage.py audit_db_roles --owner O --app A` prints the statements (run them as the owner after
every migrate), or runs them with --execute on a connection as the owner.
"""

import re

from django.core.management.base import CommandError
from django.db import connection

from audit.models import AuditEntry, AuditLink

LOG_TABLES = (AuditEntry._meta.db_table, AuditLink._meta.db_table)
_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _name(role: str) -> str:
    if not _ROLE.fullmatch(role):
        raise CommandError(f"Role names are lower-case letters, digits and _: {role[:63]!r}.")
    return f'"{role}"'


def role_statements(owner: str, app: str, database: str) -> list[str]:
    owner_q, app_q, log = _name(owner), _name(app), ", ".join(LOG_TABLES)
    if owner == app:
        raise CommandError("The application's role must not be the owner role.")
    return [
        f'GRANT CONNECT ON DATABASE "{database}" TO {app_q}',
        f"GRANT USAGE ON SCHEMA public TO {app_q}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app_q}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app_q}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_q} IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app_q}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_q} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {app_q}",
        # The log: INSERT and SELECT only, for the application and for everyone else.
        f"REVOKE ALL ON {log} FROM PUBLIC",
        f"REVOKE ALL ON {log} FROM {app_q}",
        f"GRANT SELECT, INSERT ON {log} TO {app_q}",
    ]


def role_refusals(owner: str, app: str) -> list[str]:
    """Why the roles as given would not protect the log (empty when they would)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname IN (%s, %s)", [owner, app])
        roles = {name: (superuser, bypass) for name, superuser, bypass in cursor.fetchall()}
        problems = [f"role {name} does not exist" for name in (owner, app) if name not in roles]
        if app in roles and any(roles[app]):
            problems.append(f"role {app} is a superuser or bypasses row security")
        if not problems:
            cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [app, owner])
            if cursor.fetchone()[0]:
                problems.append(f"role {app} is a member of {owner} and so may act as the tables' owner")
            cursor.execute("SELECT has_parameter_privilege(%s, 'session_replication_role', 'SET')", [app])
            if cursor.fetchone()[0]:
                problems.append(f"role {app} may SET session_replication_role (which switches triggers off)")
    return problems
