"""Field encryption and keyed hashes for personal data (security.md, "Data handling").

Keys live outside the database, in the environment: FIELD_ENCRYPTION_KEYS is a comma-separated
list of Fernet keys, newest first; every key in the list can still decrypt, so a key is rotated
by putting a new one first, running `manage.py encryption_rotate`, then dropping the old one.
IDENTITY_HASH_KEY keys the HMAC used to look up identity numbers without decrypting them.
"""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    try:
        return MultiFernet([Fernet(key.encode("ascii")) for key in keys])
    except (ValueError, UnicodeEncodeError) as exc:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS holds a key that is not a Fernet key.") from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plain: str) -> str:
    return fernet().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        # Never include the token or any plain text: it could end up in a log.
        raise ImproperlyConfigured("Cannot decrypt a field: is its key missing from FIELD_ENCRYPTION_KEYS?") from exc


def rotate(token: str) -> str:
    return fernet().rotate(token.encode("ascii")).decode("ascii")


def keyed_hash(value: str) -> str:
    key = settings.IDENTITY_HASH_KEY.encode("utf-8")
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def derive_dev_key(secret: str, purpose: str) -> str:
    """A deterministic key for development and tests only (settings refuse it in production)."""
    digest = hashlib.sha256(f"{purpose}:{secret}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")
