"""Secrets for the local demo (`make run`), generated once into a folder and read through the
settings' ``<NAME>_FILE`` mechanism, the way production reads Docker or Kubernetes secrets.

Run without Django (the settings need these files before they can load):
    python -m core.demo_secrets var/secrets NAME [NAME ...]
Each missing file is created (mode 0600); existing ones are kept, so the demo's encrypted data
stays readable across restarts. `make clean` removes them together with the demo database.
"""

import base64
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path


def _urlsafe_32_bytes() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


# One generator per setting; a Fernet key and an Ed25519 private key are both 32 random bytes in base64.
GENERATORS: dict[str, Callable[[], str]] = {
    "SECRET_KEY": lambda: secrets.token_urlsafe(50),
    "FIELD_ENCRYPTION_KEYS": _urlsafe_32_bytes,
    "IDENTITY_HASH_KEY": lambda: secrets.token_urlsafe(48),
    "AUDIT_LOG_KEYS": lambda: "demo:" + secrets.token_urlsafe(48),
    "AUDIT_CHECKPOINT_SIGNING_KEY": _urlsafe_32_bytes,
}


def ensure(folder: Path, names: list[str]) -> list[str]:
    """Create the missing secrets; return the names created."""
    unknown = [name for name in names if name not in GENERATORS]
    if unknown:
        raise SystemExit(f"No generator for {', '.join(unknown)} (core/demo_secrets.py).")
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    created = []
    for name in names:
        path = folder / name
        if path.exists():
            continue
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(GENERATORS[name]() + "\n")
        created.append(name)
    return created


def main(argv: list[str]) -> None:
    if len(argv) < 2:
        raise SystemExit("usage: python -m core.demo_secrets FOLDER NAME [NAME ...]")
    created = ensure(Path(argv[0]), argv[1:])
    if created:
        print(f"Demo secrets created in {argv[0]}: {', '.join(created)}")


if __name__ == "__main__":
    main(sys.argv[1:])
