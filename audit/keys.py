"""The audit log's keys, from the environment, never in the database (README, "Security").

AUDIT_LOG_KEYS: comma-separated ``keyid:secret``, newest first. Entries and links are MACed with
the newest key and store its id; every key in the list still verifies, so a key is rotated by
putting a new one first. A key is dropped only when no entry or link that must still verify
names it.

AUDIT_CHECKPOINT_SIGNING_KEY: the Ed25519 private key (32 bytes, base64) that signs checkpoints;
AUDIT_CHECKPOINT_PUBLIC_KEYS: the public keys (base64) of earlier signing keys, for old checkpoints.
"""

import base64
import binascii
import hashlib
import re
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_ID = re.compile(r"[A-Za-z0-9_.-]{1,16}")
MIN_SECRET = 32


@lru_cache(maxsize=4)
def _parse_mac_keys(values: tuple[str, ...]) -> tuple[tuple[str, bytes], ...]:
    parsed: list[tuple[str, bytes]] = []
    for value in values:
        key_id, separator, secret = value.partition(":")
        # Never echo a secret into a message: it could end up in a log.
        if not separator or not KEY_ID.fullmatch(key_id):
            raise ImproperlyConfigured(
                "AUDIT_LOG_KEYS: each key is written keyid:secret (id: 1-16 of A-Z a-z 0-9 _ . -)."
            )
        if len(secret) < MIN_SECRET:
            raise ImproperlyConfigured(f"AUDIT_LOG_KEYS: the secret of key {key_id!r} is shorter than {MIN_SECRET}.")
        if key_id in dict(parsed):
            raise ImproperlyConfigured(f"AUDIT_LOG_KEYS: key id {key_id!r} appears twice.")
        parsed.append((key_id, secret.encode("utf-8")))
    if not parsed:
        raise ImproperlyConfigured("AUDIT_LOG_KEYS is empty.")
    return tuple(parsed)


def mac_keys() -> dict[str, bytes]:
    """Every configured key by its id (for verifying)."""
    return dict(_parse_mac_keys(tuple(settings.AUDIT_LOG_KEYS)))


def current_mac_key() -> tuple[str, bytes]:
    """The newest key, which new entries and links are MACed with."""
    return _parse_mac_keys(tuple(settings.AUDIT_LOG_KEYS))[0]


def _b64(value: str, what: str) -> bytes:
    text = value.strip().replace("+", "-").replace("/", "_")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(f"{what} is not base64.") from exc


@lru_cache(maxsize=4)
def _signing_key(value: str) -> Ed25519PrivateKey:
    raw = _b64(value, "AUDIT_CHECKPOINT_SIGNING_KEY")
    if len(raw) != 32:
        raise ImproperlyConfigured("AUDIT_CHECKPOINT_SIGNING_KEY must be 32 bytes (an Ed25519 private key), base64.")
    return Ed25519PrivateKey.from_private_bytes(raw)


def checkpoint_signing_key() -> Ed25519PrivateKey:
    if not settings.AUDIT_CHECKPOINT_SIGNING_KEY:
        raise ImproperlyConfigured("AUDIT_CHECKPOINT_SIGNING_KEY is required to write checkpoints.")
    return _signing_key(settings.AUDIT_CHECKPOINT_SIGNING_KEY)


def public_key_id(public: Ed25519PublicKey) -> str:
    return hashlib.sha256(public.public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()[:16]


def public_key_text(public: Ed25519PublicKey) -> str:
    return base64.b64encode(public.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode("ascii")


def checkpoint_public_keys() -> dict[str, Ed25519PublicKey]:
    """The public keys that verify checkpoints, by id: the signing key's and earlier ones."""
    keys: list[Ed25519PublicKey] = []
    if settings.AUDIT_CHECKPOINT_SIGNING_KEY:
        keys.append(checkpoint_signing_key().public_key())
    for value in settings.AUDIT_CHECKPOINT_PUBLIC_KEYS:
        raw = _b64(value, "AUDIT_CHECKPOINT_PUBLIC_KEYS")
        if len(raw) != 32:
            raise ImproperlyConfigured("AUDIT_CHECKPOINT_PUBLIC_KEYS holds a key that is not 32 bytes, base64.")
        keys.append(Ed25519PublicKey.from_public_bytes(raw))
    return {public_key_id(key): key for key in keys}
