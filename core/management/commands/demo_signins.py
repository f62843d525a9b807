import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import demo


class Command(BaseCommand):
    help = "Print the demo sign-ins (demo mode only)."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Only in demo mode (SAMVERKAN_DEMO=1).")
        port = self._port()
        lines = [
            "",
            f"Samverkan demo (fictional data): http://127.0.0.1:{port}",
            f"Password for every demo user: {demo.DEMO_PASSWORD}",
            f"Second factor: an authenticator app with the key {demo.DEMO_TOTP_SECRET},",
            "  or the current code from: .venv/bin/python manage.py demo_code (with SAMVERKAN_DEMO=1)",
            "Users (the role is in the name):",
        ]
        lines += [f"  {u.username:<24} {u.role.label} – {u.unit}" for u in demo.USERS]
        self.stdout.write("\n".join(lines) + "\n")

    def _port(self) -> str:
        return os.environ.get("PORT", "8000")
