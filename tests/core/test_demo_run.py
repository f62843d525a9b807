"""`make run`'s demo: its generated secrets, and the second-factor hint it prints works as printed."""

import os
import re
import stat
import subprocess
import time
from io import StringIO
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from core import demo, demo_secrets

BASE_DIR = Path(settings.BASE_DIR)


def test_secrets_are_created_once_private_and_kept(tmp_path: Path) -> None:
    folder = tmp_path / "secrets"
    created = demo_secrets.ensure(folder, list(demo_secrets.GENERATORS))
    assert created == list(demo_secrets.GENERATORS)
    first = {path.name: path.read_text() for path in folder.iterdir()}
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
        assert len(path.read_text().strip()) >= 32, path.name
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert demo_secrets.ensure(folder, list(demo_secrets.GENERATORS)) == []
    assert {path.name: path.read_text() for path in folder.iterdir()} == first  # the demo's data stays readable


def test_an_unknown_secret_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="No generator for NOT_A_SETTING"):
        demo_secrets.ensure(tmp_path, ["SECRET_KEY", "NOT_A_SETTING"])
    assert not (tmp_path / "SECRET_KEY").exists()


@override_settings(DEMO_MODE=True)
def test_the_printed_hint_names_the_demo_folder(tmp_path: Path) -> None:
    out = StringIO()
    call_command("demo_signins", stdout=out)
    assert "make demo-code" in out.getvalue()
    with override_settings(VAR_DIR=tmp_path):
        out = StringIO()
        call_command("demo_signins", stdout=out)
    assert f"make demo-code VAR={tmp_path.resolve()}" in out.getvalue()


def _printed_code_command(var: Path) -> str:
    with override_settings(DEMO_MODE=True, VAR_DIR=var):
        out = StringIO()
        call_command("demo_signins", stdout=out)
    match = re.search(r"this folder: (make demo-code.*)$", out.getvalue(), re.M)
    assert match, out.getvalue()
    return match.group(1)


def test_the_printed_second_factor_command_works_as_printed(tmp_path: Path) -> None:
    command = _printed_code_command(tmp_path / "var")
    environment = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    result = subprocess.run(command, shell=True, cwd=BASE_DIR, env=environment, capture_output=True, text=True,
                            timeout=180)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    code = result.stdout.strip().splitlines()[-1]
    # The command may take longer than a 30-second window on a busy machine: any window it ran in counts.
    now = int(time.time()) // 30
    valid = {format_hotp_value(hotp_value(demo.DEMO_TOTP_SECRET, c)) for c in range(now - 6, now + 1)}
    assert code in valid, (code, result.stdout)
    # It ran the way `make run` does: production settings, with the demo's own secrets.
    assert sorted(p.name for p in (tmp_path / "var" / "secrets").iterdir()) == sorted(demo_secrets.GENERATORS)
