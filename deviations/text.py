"""The services' own check of free text (core.personal_data), so that no caller can skip it.

The forms check first (core.forms.PersonalDataCheckMixin: blocking findings on their fields, the
other findings as warnings beside them); a service refuses an identity number whoever calls it."""

from django.core.exceptions import ValidationError

from core.personal_data import validate_no_identity_numbers


def check_text(value: str) -> str | None:
    """The message refusing ``value``, or None when it holds no identity number."""
    if not value:
        return None
    try:
        validate_no_identity_numbers(value)
    except ValidationError as error:
        return " ".join(error.messages)
    return None
