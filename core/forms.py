"""Shared form helpers for every app's views."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy

from core import personal_data


def errors_onto(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's refusal on the form: next to the fields it names, the rest on top.

    The one way to show a service's ValidationError (issue 8, mechanism 6). Unlike
    ``form.add_error(None, error)``, a field the form does not have (a model field the service
    checked) is shown on top instead of failing with a ValueError; unlike reading
    ``error.message_dict``, an error without fields works too.
    """
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields and field != "__all__" else None, messages)
    else:
        form.add_error(None, error)


# --- Personal data in free text (core.personal_data) -------------------------------------------

# Text fields whose values are a kind of their own, never free text about someone.
_NOT_FREE_TEXT = (forms.EmailField, forms.URLField, forms.SlugField, forms.UUIDField, forms.GenericIPAddressField)


@dataclass(frozen=True)
class PersonalDataWarning:
    """Something in a field that may identify someone (not blocking): shown beside the field."""

    field: str  # the form field's name
    label: str
    finding: personal_data.Finding
    message: str  # personal_data.describe(finding), in the active language


def text_field_names(form: forms.BaseForm) -> list[str]:
    """The form's free-text fields: every CharField (and Textarea) except e-mail, URL, slug, id."""
    return [
        name
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField) and not isinstance(field, _NOT_FREE_TEXT)
    ]


def check_fields(form: forms.BaseForm, field_names: Iterable[str] | None = None) -> list[PersonalDataWarning]:
    """Check cleaned text fields for personal data, on the server.

    A personnummer or samordningsnummer becomes an error on its field (the form is then not valid,
    and what was typed is shown again as typed); other findings are returned as warnings to show.
    Call after cleaning (``form.is_valid()``); ``PersonalDataCheckMixin`` does it for every field.
    """
    cleaned = getattr(form, "cleaned_data", None)
    if cleaned is None:
        return []
    warnings = []
    for name in text_field_names(form) if field_names is None else field_names:
        value = cleaned.get(name)
        if not isinstance(value, str) or not value:
            continue
        found = personal_data.findings(value)
        blocking = [finding for finding in found if finding.blocking]
        if blocking:
            form.add_error(
                name,
                ValidationError([ValidationError(personal_data.describe(f), code="identity_number") for f in blocking]),
            )
        label = str(form[name].label) if name in form.fields else name
        warnings += [
            PersonalDataWarning(name, label, finding, personal_data.describe(finding))
            for finding in found
            if not finding.blocking
        ]
    return warnings


class PersonalDataCheckMixin:
    """A form mixin: every free-text field is checked on the server when the form is cleaned.

    ``personal_data_fields``: the fields to check (default: every free-text field, see
    ``text_field_names``); ``personal_data_exempt``: fields that may hold such data on purpose
    (an individual's own number). After ``is_valid()``, ``personal_data_warnings`` lists the
    warnings; templates show them with ``{% include "core/_text_check.html" with field=form.x %}``.
    The check runs after the form's own cleaning, whatever a subclass's ``clean()`` does.
    """

    personal_data_fields: tuple[str, ...] | None = None
    personal_data_exempt: tuple[str, ...] = ()
    personal_data_warnings: Sequence[PersonalDataWarning] = ()  # set by full_clean
    personal_data_warning_fields: frozenset[str] = frozenset()  # the fields that have warnings

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        form: forms.BaseForm = self  # type: ignore[assignment]
        names = text_field_names(form) if self.personal_data_fields is None else list(self.personal_data_fields)
        names = [name for name in names if name not in self.personal_data_exempt]
        self.personal_data_warnings = check_fields(form, names) if form.is_bound else []
        self.personal_data_warning_fields = frozenset(warning.field for warning in self.personal_data_warnings)


def _interpolated(message: Any, values: dict[str, Any]) -> str:
    return str(message) % values


# A translated message with values, translated when shown rather than when the module is imported
# (``gettext_lazy("...") % {...}`` would fix the language of whoever imported it first).
lazy_interpolated = lazy(_interpolated, str)
