from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from audit.roles import role_refusals, role_statements


class Command(BaseCommand):
    help = (
        "PostgreSQL: the grants that let the application's role only INSERT and SELECT on the audit log "
        "(migrations run as the owner role). Prints them; --execute runs them, connected as the owner. "
        "Run after every migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--owner", required=True, help="the role that owns the tables and runs migrate")
        parser.add_argument("--app", required=True, help="the role the application connects as")
        parser.add_argument("--execute", action="store_true", help="run the statements (as the owner)")

    def handle(self, *args: object, owner: str, app: str, execute: bool, **options: object) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are for PostgreSQL.")
        statements = role_statements(owner, app, connection.settings_dict["NAME"])
        if not execute:
            self.stdout.write(
                f"-- Create the roles first (as a superuser), e.g.:\n"
                f"--   CREATE ROLE {owner} LOGIN PASSWORD '...';  -- runs migrate; owns the tables\n"
                f"--   CREATE ROLE {app} LOGIN PASSWORD '...' NOSUPERUSER NOCREATEDB NOCREATEROLE;\n"
                f"--   If the application's role owns the tables today: REASSIGN OWNED BY {app} TO {owner};\n"
                f"-- Then, as {owner}, after every migrate:"
            )
            self.stdout.write("\n".join(f"{statement};" for statement in statements))
            return
        problems = role_refusals(owner, app)
        if problems:
            raise CommandError("Not safe: " + "; ".join(problems) + ".")
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"{len(statements)} statements run: {app} may only INSERT and SELECT on the audit log.")
