from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models

from core import crypto


class EncryptedTextField(models.TextField):
    """Text encrypted at rest with the current field key; cannot be filtered on.

    ``max_length`` limits the plain text (validated), not the stored token.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length:
            self.validators.append(MaxLengthValidator(self.max_length))

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in {"isnull"}:
            raise TypeError(f"Encrypted field {self.name} cannot be filtered with '{lookup_name}'.")
        return super().get_lookup(lookup_name)
