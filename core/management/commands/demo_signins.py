import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import demo


class Command(BaseCommand):
    help = "Print the demo sign-ins (demo mode only)."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Only in demo mode (SAMVERKAN_DEMO=1).")
        port = os.environ.get("PORT", "8000")
        lines = [
            "",
            f"Samverkan demo (fictional data): http://127.0.0.1:{port}",
            f"Password for every demo user: {demo.DEMO_PASSWORD}",
            f"Second factor: an authenticator app with the key {demo.DEMO_TOTP_SECRET},",
            f"  or the current code, in another terminal in this folder: {self.code_command()}",
            "The sign-in page lists one thing to try per role, and the fictional individuals' numbers.",
            "Users (the role is in the name):",
        ]
        lines += [f"  {u.username:<24} {u.role.label} – {u.unit}" for u in demo.USERS]
        lines += ["Ctrl-C stops the server and its workers; `make clean` resets the demo.", ""]
        self.stdout.write("\n".join(lines))

    def code_command(self) -> str:
        """`make demo-code`, naming the demo's folder only when it is not the default var/."""
        var = Path(settings.VAR_DIR).resolve()
        default = (Path(settings.BASE_DIR) / "var").resolve()
        return "make demo-code" if var == default else f"make demo-code VAR={var}"
