"""core.forms.errors_onto: the one way a view shows a service's ValidationError on its form."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from core.forms import errors_onto


class _Form(forms.Form):
    name = forms.CharField()


def _bound() -> _Form:
    form = _Form({"name": "x"})
    assert form.is_valid()
    return form


def test_field_errors_go_next_to_their_fields() -> None:
    form = _bound()
    errors_onto(form, ValidationError({"name": "Taken."}))
    assert form.errors == {"name": ["Taken."]}


def test_a_field_the_form_does_not_have_goes_on_top() -> None:
    form = _bound()
    # form.add_error(None, error) raises ValueError here: the service checked a model field.
    errors_onto(form, ValidationError({"code": "Taken.", NON_FIELD_ERRORS: "Also this."}))
    assert sorted(form.non_field_errors()) == ["Also this.", "Taken."]


def test_an_error_without_fields_goes_on_top() -> None:
    form = _bound()
    # error.message_dict raises AttributeError here.
    errors_onto(form, ValidationError("Not allowed."))
    errors_onto(form, ValidationError(["One.", "Two."]))
    assert form.non_field_errors() == ["Not allowed.", "One.", "Two."]
    assert not form.is_valid()
