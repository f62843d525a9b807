"""Shared form helpers for every app's views."""

from django import forms
from django.core.exceptions import ValidationError


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
