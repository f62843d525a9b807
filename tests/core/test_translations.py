"""The Swedish catalogue is complete: every string in the code is translated, none fuzzy."""

import shutil
import subprocess
import sys
from pathlib import Path

from django.test import Client, TestCase

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def _msgids(po: Path) -> set[str]:
    """msgids of a .po file (joined continuation lines), without the header."""
    ids, current, in_id = set(), [], False
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current, in_id = [line[6:]], True
        elif in_id and line.startswith('"'):
            current.append(line)
        else:
            if in_id:
                ids.add("".join(part.strip().strip('"') for part in current))
            in_id = False
    return ids - {""}


def test_no_untranslated_or_fuzzy_entries() -> None:
    for flag in ("--untranslated", "--only-fuzzy"):
        out = subprocess.run(["msgattrib", flag, "--no-obsolete", str(PO)], capture_output=True, text=True, check=True)
        assert "msgid" not in out.stdout.replace('msgid ""\nmsgstr ""', "", 1), f"{flag}:\n{out.stdout[:3000]}"


def test_catalogue_has_every_string_in_the_code(tmp_path: Path) -> None:
    # Extract afresh in a copy of the source tree and compare: a new string without a
    # translation fails here rather than showing English in the Swedish interface.
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "__pycache__", "*.mo", ".*cache")
    shutil.copytree(ROOT, copy, ignore=ignore)
    env = {"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "samverkan.settings"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "sv", "--ignore=tests", "--ignore=bench",
         "--no-obsolete", "-v0"],
        cwd=copy, env=env, check=True,
    )  # fmt: skip
    missing = _msgids(copy / "locale" / "sv" / "LC_MESSAGES" / "django.po") - _msgids(PO)
    assert not missing, f"run makemessages and translate: {sorted(missing)[:20]}"


class LanguageTests(TestCase):
    def test_swedish_by_default_even_for_an_english_browser(self) -> None:
        response = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(response, '<html lang="sv">')
        self.assertContains(response, "Hoppa till innehållet")

    def test_english_when_chosen(self) -> None:
        client = Client()
        client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
        response = client.get("/accounts/login/")
        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, "Skip to content")
