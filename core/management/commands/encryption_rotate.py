from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from core.crypto import keyed_hash
from core.fields import EncryptedTextField


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with the newest key in FIELD_ENCRYPTION_KEYS "
        "(--rehash also recomputes identity look-up hashes after IDENTITY_HASH_KEY changed)."
    )

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("--rehash", action="store_true")
        parser.add_argument("--chunk", type=int, default=1000)

    def handle(self, *args: object, rehash: bool = False, chunk: int = 1000, **options: object) -> None:
        total = 0
        for model in apps.get_models():
            fields = [f.name for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            update = fields + (["identity_hash"] if rehash and hasattr(model, "identity_hash") else [])
            with transaction.atomic():
                for obj in model._default_manager.order_by("pk").iterator(chunk_size=chunk):
                    if "identity_hash" in update:
                        obj.identity_hash = keyed_hash(obj.identity_number)  # type: ignore[attr-defined]
                    # Decrypted with whichever key still fits, written back with the newest one.
                    obj.save(update_fields=update)
                    total += 1
        self.stdout.write(f"Re-encrypted {total} rows.")
